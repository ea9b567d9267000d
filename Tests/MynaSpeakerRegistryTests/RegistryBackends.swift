import Foundation
import GRDB
import MynaCore
@testable import MynaSpeakerRegistry
@testable import MynaSpeakerRegistryPostgres
import MynaTestSupport
import Testing

/// The two registry backends, for tests that make the same assertions on both.
enum RegistryBackend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite, postgres
    var testDescription: String { rawValue }
}

/// What the backend-independent tests call: the `SpeakerStore` contract, plus listing and the failure hook.
protocol TestedRegistry: SpeakerStore {
    func speakers() throws -> [SpeakerSummary]
    func speaker(named name: String) throws -> SpeakerDetails
    func enroll(name: String, encoder: EncoderModelIdentity, utterances: [UtteranceEnrolment], now: Date,
                mode: EnrolmentMode, afterInserting: (Int) throws -> Void) throws -> EnrolmentResult
}

extension SpeakerRegistry: TestedRegistry {}
extension PostgresSpeakerRegistry: TestedRegistry {}

/// A fresh, empty place for a registry: a file in a temporary folder (SQLite), or a new database of the test
/// process's throwaway cluster (PostgreSQL, over its unix socket).
struct RegistryPlace: Sendable {
    let backend: RegistryBackend
    private let file: RegistryFixture?
    let database: ThrowawayPostgres.Database?

    init(_ backend: RegistryBackend) throws {
        self.backend = backend
        switch backend {
        case .sqlite:
            file = try RegistryFixture()
            database = nil
        case .postgres:
            file = nil
            database = try ThrowawayPostgres.shared().makeDatabase()
        }
    }

    func remove() { file?.remove() }

    /// The registry here; `readOnly` opens without creating or migrating anything.
    func open(readOnly: Bool = false, timeout: TimeInterval = 5) throws -> any TestedRegistry {
        switch backend {
        case .sqlite:
            return try file!.open(readOnly ? .readOnly : .readWrite, busyTimeout: timeout)
        case .postgres:
            return try PostgresSpeakerRegistry(url: try PostgresRegistryURL(database!.socketURL),
                                               access: readOnly ? .readOnly : .readWrite, timeout: timeout)
        }
    }

    /// Rows of the utterance and encoder tables, read with the backend's own client, not through the registry.
    func rowCounts() throws -> (utterances: Int, encoders: Int) {
        switch backend {
        case .sqlite:
            return try DatabaseQueue(path: file!.path).read { db in
                (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM utterance")!, try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM encoderModel")!)
            }
        case .postgres:
            let counts = try psql("SELECT (SELECT count(*) FROM myna_utterance) || ' ' || (SELECT count(*) FROM myna_encoder_model)")
                .split(separator: " ").map { Int($0)! }
            return (counts[0], counts[1])
        }
    }

    /// Marks the schema as written by a newer Myna, as that Myna would.
    func makeSchemaNewer() throws {
        switch backend {
        case .sqlite:
            try DatabaseQueue(path: file!.path).write { db in
                try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v9-from-the-future')")
            }
        case .postgres:
            try psql("UPDATE myna_schema SET version = version + 7")
        }
    }

    /// True when nothing of a registry exists here (no file; no tables).
    func isBlank() throws -> Bool {
        switch backend {
        case .sqlite: return !FileManager.default.fileExists(atPath: file!.path)
        case .postgres: return try psql("SELECT count(*) FROM pg_tables WHERE tablename LIKE 'myna_%'") == "0"
        }
    }

    @discardableResult
    func psql(_ sql: String) throws -> String {
        try ThrowawayPostgres.shared().psql(sql, database: database!.name)
    }
}

extension TestedRegistry {
    /// Creating or adding, now (the concrete registries' defaults, which an existential does not see).
    @discardableResult
    func enroll(name: String, encoder: EncoderModelIdentity, utterances: [UtteranceEnrolment]) throws -> EnrolmentResult {
        try enroll(name: name, encoder: encoder, utterances: utterances, now: Date(), mode: .createOrAdd)
    }
}
