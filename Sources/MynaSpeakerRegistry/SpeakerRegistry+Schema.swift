import GRDB

extension SpeakerRegistry {
    /// The schema, one migration per change, applied in order and recorded in GRDB's `grdb_migrations` table.
    /// Never edit a migration that has shipped; append a new one.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        // v1: speakers (one profile each: the normalised mean of their utterance embeddings) and their enrolment
        // utterances. Names are unique without regard to ASCII case; an audio file (by SHA-256) belongs to at most
        // one speaker; deleting a speaker deletes their utterances.
        migrator.registerMigration("v1-speakers-and-utterances") { db in
            try db.create(table: "speaker") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("name", .text).notNull().unique().collate(.nocase)
                t.column("encoderModelID", .text).notNull()
                t.column("dimension", .integer).notNull()
                t.column("profile", .blob).notNull()
                t.column("createdAt", .datetime).notNull()
                t.column("updatedAt", .datetime).notNull()
            }
            try db.create(table: "utterance") { t in
                t.autoIncrementedPrimaryKey("id")
                t.belongsTo("speaker", onDelete: .cascade).notNull()
                t.column("embedding", .blob).notNull()
                t.column("speechSeconds", .double).notNull()
                t.column("sourceName", .text).notNull()
                t.column("audioSHA256", .text).notNull().unique()
                t.column("trimmed", .boolean).notNull()
                t.column("encoderModelID", .text).notNull()
                t.column("enrolledAt", .datetime).notNull()
            }
        }
        // v2: the encoder checkpoints embeddings were made with, so that `speakers show` can say which file an
        // encoder id (the checkpoint's SHA-256) stands for.
        migrator.registerMigration("v2-encoder-models") { db in
            try db.create(table: "encoderModel") { t in
                t.primaryKey("id", .text)
                t.column("fileName", .text).notNull()
                t.column("dimension", .integer).notNull()
                t.column("firstUsedAt", .datetime).notNull()
            }
        }
        return migrator
    }
}
