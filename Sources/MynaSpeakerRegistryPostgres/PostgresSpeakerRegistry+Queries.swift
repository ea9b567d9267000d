import Foundation
import MynaCore
import PostgresNIO

extension PostgresSpeakerRegistry {
    /// Every speaker, sorted by name (ASCII case ignored, as the SQLite registry sorts).
    public func speakers() throws -> [SpeakerSummary] {
        try connections.withConnection { connection in
            guard try hasTables(on: connection) else { return [] }
            return try connections.rows("""
                SELECT \(unescaped: Self.summaryColumns) FROM myna_speaker s ORDER BY myna_name_key(s.name) COLLATE "C", s.id
                """, on: connection).map(Self.summary)
        }
    }

    /// The speaker called `name` (ASCII case ignored) with every utterance, oldest first.
    /// - Throws: `.unknownSpeaker` naming the enrolled speakers.
    public func speaker(named name: String) throws -> SpeakerDetails {
        try connections.withConnection { connection in
            let row = try requireSpeakerRow(named: name, on: connection)
            let utterances = try connections.rows("""
                SELECT source_name, speech_seconds, audio_sha256, trimmed, encoder_model_id, enrolled_at, embedding
                FROM myna_utterance WHERE speaker_id = \(row.id) ORDER BY id
                """, on: connection).map { utterance in
                    let (source, seconds, sha256, trimmed, encoderID, enrolledAt, values) =
                        try utterance.decode((String, Double, String, Bool, String, Date, [Float]).self)
                    return EnrolledUtterance(sourceName: source, speechSeconds: seconds, audioSHA256: sha256, trimmed: trimmed,
                                             encoderModelID: encoderID, enrolledAt: enrolledAt,
                                             embedding: try SpeakerEmbedding.stored(values, dimension: row.dimension, location: location,
                                                                                    what: "utterance \(source) of \"\(row.name)\""))
                }
            let fileName = try connections.rows("SELECT file_name FROM myna_encoder_model WHERE id = \(row.encoderModelID)",
                                                on: connection).first?.decode(String.self)
            return SpeakerDetails(summary: try summary(of: row.id, on: connection), profile: row.profile,
                                  encoderFileName: fileName, utterances: utterances)
        }
    }

    /// Every speaker's profile (what `verify` and `identify` compare with), sorted by name.
    public func profiles() throws -> [SpeakerProfile] {
        try connections.withConnection { connection in
            guard try hasTables(on: connection) else { return [] }
            // One pass over each table (the counts grouped once, not a subquery per speaker): this is what an
            // identify index of every speaker loads.
            let location = location
            return try connections.decodedRows("""
                SELECT s.id, s.name, s.encoder_model_id, s.dimension, s.profile, coalesce(c.n, 0)
                FROM myna_speaker s
                LEFT JOIN (SELECT speaker_id, count(*) AS n FROM myna_utterance GROUP BY speaker_id) c ON c.speaker_id = s.id
                ORDER BY myna_name_key(s.name) COLLATE "C", s.id
                """, on: connection) { row in
                    let (id, name, encoderID, dimension, values, count) = try row.decode((Int64, String, String, Int, [Float], Int).self)
                    let speaker = try SpeakerRow(id: id, name: name, encoderModelID: encoderID, dimension: dimension,
                                                 values: values, location: location)
                    return SpeakerProfile(name: speaker.name, encoderModelID: speaker.encoderModelID, embedding: speaker.profile,
                                          utteranceCount: count)
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

    /// True once the tables exist (a read-only opener of an empty database sees none).
    func hasTables(on connection: PostgresConnection) throws -> Bool {
        try storedSchemaVersion(on: connection) > 0
    }

    /// The speaker whose name is `name` ignoring ASCII case, or nil.
    func speakerRow(matching name: String, on connection: PostgresConnection) throws -> SpeakerRow? {
        guard try hasTables(on: connection) else { return nil }
        return try connections.rows("""
            SELECT \(unescaped: SpeakerRow.columns) FROM myna_speaker WHERE myna_name_key(name) = myna_name_key(\(name))
            """, on: connection).first.map { try SpeakerRow($0, location: location) }
    }

    /// The speaker called `name`. - Throws: `.unknownSpeaker` listing up to eleven enrolled names.
    func requireSpeakerRow(named name: String, on connection: PostgresConnection) throws -> SpeakerRow {
        if let row = try speakerRow(matching: name, on: connection) { return row }
        let names = try hasTables(on: connection) ? try connections.rows("""
            SELECT name FROM myna_speaker ORDER BY myna_name_key(name) COLLATE "C" LIMIT 11
            """, on: connection).map { try $0.decode(String.self) } : []
        throw SpeakerRegistryError.unknownSpeaker(name, enrolled: names, location: location)
    }

    /// Columns of a `SpeakerSummary`, from `myna_speaker s`.
    static let summaryColumns = """
        s.name, s.encoder_model_id, s.created_at, s.updated_at,
        (SELECT count(*) FROM myna_utterance u WHERE u.speaker_id = s.id),
        (SELECT COALESCE(sum(u.speech_seconds), 0) FROM myna_utterance u WHERE u.speaker_id = s.id)
        """

    static func summary(_ row: PostgresRow) throws -> SpeakerSummary {
        let (name, encoderID, createdAt, updatedAt, count, seconds) = try row.decode((String, String, Date, Date, Int, Double).self)
        return SpeakerSummary(name: name, encoderModelID: encoderID, utteranceCount: count, speechSeconds: seconds,
                              createdAt: createdAt, updatedAt: updatedAt)
    }

    func summary(of speakerID: Int64, on connection: PostgresConnection) throws -> SpeakerSummary {
        try Self.summary(connections.rows("SELECT \(unescaped: Self.summaryColumns) FROM myna_speaker s WHERE s.id = \(speakerID)",
                                          on: connection)[0])
    }
}

/// A row of `myna_speaker` (`columns`, in that order).
struct SpeakerRow {
    static let columns = "id, name, encoder_model_id, dimension, profile"
    var id: Int64
    var name: String
    var encoderModelID: String
    var dimension: Int
    var profile: SpeakerEmbedding

    init(_ row: PostgresRow, location: String) throws {
        let (id, name, encoderModelID, dimension, values) = try row.decode((Int64, String, String, Int, [Float]).self)
        try self.init(id: id, name: name, encoderModelID: encoderModelID, dimension: dimension, values: values, location: location)
    }

    init(id: Int64, name: String, encoderModelID: String, dimension: Int, values: [Float], location: String) throws {
        self.id = id
        self.name = name
        self.encoderModelID = encoderModelID
        self.dimension = dimension
        profile = try SpeakerEmbedding.stored(values, dimension: dimension, location: location, what: "speaker \"\(name)\"")
    }
}
