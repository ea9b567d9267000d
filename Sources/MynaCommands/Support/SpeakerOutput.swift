import Foundation
import MynaKit

/// stdout helpers of the speaker commands: one JSON document per line (sorted keys, ISO 8601 dates), human lines.
enum SpeakerOutput {
    static func json<T: Encodable>(_ value: T, pretty: Bool = false) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// Through C's buffered stdout, like `print`: a failed write shows as an error when the command ends
    /// (`StandardOutput.finish()`), where `FileHandle.write` would crash the process.
    static func print(_ line: String) {
        Swift.print(line)
    }

    static func warn(_ line: String) {
        FileHandle.standardError.write(Data("myna: warning: \(line)\n".utf8))
    }

    static func seconds(_ value: Double) -> String { String(format: "%.1f s", value) }
    static func score(_ value: Double) -> String { String(format: "%.3f", value) }
    static func percent(_ value: Double) -> String { String(format: "%.1f %%", value * 100) }
}

extension SpeakerDatabaseOptions {
    /// The registry for reading, or nil when the SQLite file does not exist yet (nothing enrolled; nothing is created).
    func openForReading() throws -> (any SpeakerRegistryBackend)? {
        try address.openForReading(timeout: timeout)
    }

    /// The speakers to read: the registry, or an empty store when the file does not exist yet (nothing is created).
    func storeForReading() throws -> any SpeakerStore {
        try openForReading() ?? EmptySpeakerStore(location: path)
    }

    /// The registry for changes (a SQLite file is created with its folder when missing).
    func openForWriting() throws -> any SpeakerRegistryBackend {
        try address.openForWriting(timeout: timeout)
    }

    /// The SQLite registry, for what only it does (export and import).
    /// - Throws: `ConfigurationError` for a PostgreSQL registry.
    func requireSQLite<T>(_ command: String, _ body: (SpeakerDatabaseOptions) throws -> T) throws -> T {
        if case .postgres = try address {
            throw ConfigurationError(field: "--registry", message: """
                'myna speakers \(command)' works on a SQLite --db file only; with PostgreSQL use its own tools \
                (pg_dump), or export from and import into a SQLite file
                """)
        }
        return try body(self)
    }

    /// False when the SQLite file does not exist yet (nobody is enrolled, and changing nobody creates nothing).
    var mayHoldSpeakers: Bool { (try? address.mayHoldSpeakers) ?? true }

    /// The error for a name asked of a registry that does not exist yet.
    func nobodyEnrolled(_ name: String) -> SpeakerRegistryError {
        SpeakerRegistryError(.unknownSpeaker, location: path, message: """
            no speaker named "\(name)" (nobody is enrolled yet; enrol with 'myna enroll NAME FILE…')
            """)
    }
}
