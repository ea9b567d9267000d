import MynaCore
import PostgresNIO

extension PostgresSpeakerRegistry {
    /// The schema, one migration per version, applied in order; `myna_schema.version` is the number applied.
    /// Never edit a migration that has shipped; append a new one.
    /// Each migration is a list of statements (the extended query protocol takes one statement at a time).
    static let migrations: [[String]] = [
        // 1: speakers (one profile each: the normalised mean of their utterance embeddings), their enrolment
        // utterances, and the encoder checkpoints embeddings were made with. Names are unique without regard to ASCII
        // case (`myna_name_key` folds A–Z only, as SQLite's NOCASE, whatever the database's locale); an audio file
        // (by SHA-256) belongs to at most one speaker; deleting a speaker deletes their utterances.
        [
            """
            CREATE FUNCTION myna_name_key(name text) RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
                AS $$ SELECT translate(name, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') $$
            """,
            """
            CREATE TABLE myna_speaker (
                id bigserial PRIMARY KEY,
                name text NOT NULL,
                encoder_model_id text NOT NULL,
                dimension integer NOT NULL CHECK (dimension > 0),
                profile real[] NOT NULL,
                created_at timestamptz NOT NULL,
                updated_at timestamptz NOT NULL
            )
            """,
            "CREATE UNIQUE INDEX myna_speaker_name_key ON myna_speaker (myna_name_key(name))",
            """
            CREATE TABLE myna_utterance (
                id bigserial PRIMARY KEY,
                speaker_id bigint NOT NULL REFERENCES myna_speaker (id) ON DELETE CASCADE,
                embedding real[] NOT NULL,
                speech_seconds double precision NOT NULL,
                source_name text NOT NULL,
                audio_sha256 text NOT NULL,
                trimmed boolean NOT NULL,
                encoder_model_id text NOT NULL,
                enrolled_at timestamptz NOT NULL
            )
            """,
            "CREATE UNIQUE INDEX myna_utterance_audio_sha256 ON myna_utterance (audio_sha256)",
            "CREATE INDEX myna_utterance_speaker ON myna_utterance (speaker_id)",
            """
            CREATE TABLE myna_encoder_model (
                id text PRIMARY KEY,
                file_name text NOT NULL,
                dimension integer NOT NULL,
                first_used_at timestamptz NOT NULL
            )
            """,
        ],
    ]

    /// The newest schema version this Myna knows.
    static var schemaVersion: Int { migrations.count }

    /// A constant key for `pg_advisory_xact_lock`, held while the schema is checked and migrated ("myna" in ASCII).
    static let schemaLockKey: Int64 = 0x6D79_6E61

    /// Checks the schema version and, with `.readWrite`, applies pending migrations, in one transaction under the
    /// advisory lock: a second opener waits for the first's commit and then finds nothing to do.
    func prepareSchema(access: Access, on connection: PostgresConnection) throws {
        let location = self.location
        switch access {
        case .readOnly:
            let version = try storedSchemaVersion(on: connection)
            if version > Self.schemaVersion { throw Self.newerSchemaError(version, location: location) }
            if version > 0 && version < Self.schemaVersion {
                throw SpeakerRegistryError(.needsUpgrade, location: location, message: """
                    has schema version \(version), older than this Myna's \(Self.schemaVersion); run a command that \
                    changes it (for example 'myna enroll') to upgrade it first
                    """)
            }
        case .readWrite:
            try connections.inTransaction { connection in
                try connections.execute("SELECT pg_advisory_xact_lock(\(Self.schemaLockKey))", on: connection)
                try connections.execute("""
                    CREATE TABLE IF NOT EXISTS myna_schema (
                        singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
                        version integer NOT NULL,
                        -- bumped by every change: readers compare it to know whether what they hold is current
                        changes bigint NOT NULL DEFAULT 0
                    )
                    """, on: connection)
                let version = try storedSchemaVersion(on: connection)
                if version > Self.schemaVersion { throw Self.newerSchemaError(version, location: location) }
                if version == 0 {
                    try connections.execute("INSERT INTO myna_schema (version) VALUES (0)", on: connection)
                }
                for (index, migration) in Self.migrations.enumerated() where index + 1 > version {
                    for statement in migration { try connections.execute(PostgresQuery(unsafeSQL: statement), on: connection) }
                    try connections.execute("UPDATE myna_schema SET version = \(index + 1)", on: connection)
                }
            }
        }
    }

    /// The applied version: 0 when the registry's tables do not exist yet.
    /// - Throws: `.corrupt` when `myna_schema` exists without exactly one row.
    func storedSchemaVersion(on connection: PostgresConnection) throws -> Int {
        let exists = try connections.rows("SELECT to_regclass('myna_schema') IS NOT NULL", on: connection)
        guard try exists.first?.decode(Bool.self) == true else { return 0 }
        let rows = try connections.rows("SELECT version FROM myna_schema", on: connection)
        switch rows.count {
        case 0: return 0  // created by an opener whose transaction this one waited for and which then failed
        case 1: return Int(try rows[0].decode(Int32.self))
        default:
            throw SpeakerRegistryError(.corrupt, location: location, message: """
                its myna_schema table has \(rows.count) rows instead of one: not a usable Myna speaker registry; \
                restore it from a 'myna speakers export' file, or name another database
                """)
        }
    }

    static func newerSchemaError(_ version: Int, location: String) -> SpeakerRegistryError {
        SpeakerRegistryError(.newerSchema, location: location, message: """
            was written by a newer Myna (schema version \(version); this Myna knows up to \(schemaVersion)); upgrade Myna
            """)
    }
}
