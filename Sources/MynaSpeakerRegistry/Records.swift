import Foundation
import GRDB

/// A row of `speaker`.
struct SpeakerRow: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "speaker"
    static let utterances = hasMany(UtteranceRow.self)
    var id: Int64?
    var name: String
    var encoderModelID: String
    var dimension: Int
    var profile: Data
    var createdAt: Date
    var updatedAt: Date

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// A row of `utterance`.
struct UtteranceRow: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "utterance"
    var id: Int64?
    var speakerId: Int64
    var embedding: Data
    var speechSeconds: Double
    var sourceName: String
    var audioSHA256: String
    var trimmed: Bool
    var encoderModelID: String
    var enrolledAt: Date

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// A row of `encoderModel`.
struct EncoderModelRow: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "encoderModel"
    var id: String
    var fileName: String
    var dimension: Int
    var firstUsedAt: Date
}
