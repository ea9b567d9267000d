import Foundation
import GRDB
import MynaCore

extension SpeakerRegistry {
    /// Every speaker, sorted by name (case-insensitively).
    public func speakers() throws -> [SpeakerSummary] {
        try translatingErrors {
            try pool.read { db in
                guard try !isEmptySchema(db) else { return [] }
                return try SpeakerRow.order(sql: "name COLLATE NOCASE").fetchAll(db).map { try summary(of: $0, db) }
            }
        }
    }

    /// The speaker called `name` (ASCII case ignored) with every utterance, oldest first.
    /// - Throws: `.unknownSpeaker` naming the enrolled speakers.
    public func speaker(named name: String) throws -> SpeakerDetails {
        try translatingErrors {
            try pool.read { db in
                let row = try speakerRow(named: name, db)
                let utterances = try UtteranceRow.filter(Column("speakerId") == row.id!).order(Column("id")).fetchAll(db)
                let model = try EncoderModelRow.fetchOne(db, key: row.encoderModelID)
                return SpeakerDetails(
                    summary: try summary(of: row, db),
                    profile: try EmbeddingBlob.decode(row.profile, dimension: row.dimension, location: path,
                                                      what: "speaker \"\(row.name)\""),
                    encoderFileName: model?.fileName,
                    utterances: try utterances.map { u in
                        EnrolledUtterance(sourceName: u.sourceName, speechSeconds: u.speechSeconds, audioSHA256: u.audioSHA256,
                                          trimmed: u.trimmed, encoderModelID: u.encoderModelID, enrolledAt: u.enrolledAt,
                                          embedding: try EmbeddingBlob.decode(u.embedding, dimension: row.dimension, location: path,
                                                                              what: "utterance \(u.sourceName) of \"\(row.name)\""))
                    })
            }
        }
    }

    /// Every speaker's profile (what `verify` and `identify` compare with), sorted by name.
    public func profiles() throws -> [SpeakerProfile] {
        try translatingErrors {
            try pool.read { db in
                guard try !isEmptySchema(db) else { return [] }
                return try SpeakerRow.order(sql: "name COLLATE NOCASE").fetchAll(db).map { row in
                    SpeakerProfile(name: row.name, encoderModelID: row.encoderModelID,
                                   embedding: try EmbeddingBlob.decode(row.profile, dimension: row.dimension, location: path,
                                                                       what: "speaker \"\(row.name)\""),
                                   utteranceCount: try UtteranceRow.filter(Column("speakerId") == row.id!).fetchCount(db))
                }
            }
        }
    }

    /// The profile of `name`. - Throws: `.unknownSpeaker`.
    public func profile(named name: String) throws -> SpeakerProfile {
        let details = try speaker(named: name)
        return SpeakerProfile(name: details.summary.name, encoderModelID: details.summary.encoderModelID,
                              embedding: details.profile, utteranceCount: details.utterances.count)
    }

    // MARK: - Helpers shared with the writers

    func speakerRow(named name: String, _ db: Database) throws -> SpeakerRow {
        if try !isEmptySchema(db), let row = try SpeakerRow.filter(Column("name") == name).fetchOne(db) { return row }
        let names = try isEmptySchema(db) ? [] : try String.fetchAll(db, sql: "SELECT name FROM speaker ORDER BY name COLLATE NOCASE LIMIT 11")
        throw SpeakerRegistryError.unknownSpeaker(name, enrolled: names, location: path)
    }

    func summary(of row: SpeakerRow, _ db: Database) throws -> SpeakerSummary {
        let stats = try Row.fetchOne(db, sql: "SELECT COUNT(*), COALESCE(SUM(speechSeconds), 0) FROM utterance WHERE speakerId = ?",
                                     arguments: [row.id!])!
        return SpeakerSummary(name: row.name, encoderModelID: row.encoderModelID, utteranceCount: stats[0],
                              speechSeconds: stats[1], createdAt: row.createdAt, updatedAt: row.updatedAt)
    }
}
