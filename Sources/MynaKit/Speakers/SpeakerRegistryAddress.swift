import Foundation
import MynaCore
import MynaSpeakerRegistry
import MynaSpeakerRegistryPostgres

/// The PostgreSQL speaker registry, shared by several machines (`--registry postgres://…`).
public typealias PostgresSpeakerRegistry = MynaSpeakerRegistryPostgres.PostgresSpeakerRegistry
/// A `postgres://` registry URL: parsed, with the password hidden when shown.
public typealias PostgresRegistryURL = MynaSpeakerRegistryPostgres.PostgresRegistryURL

/// What the speaker commands and the server's speaker routes need of a registry, whichever the backend: the
/// `SpeakerStore` contract plus listing and one speaker's details.
public protocol SpeakerRegistryBackend: SpeakerStore {
    /// Every speaker, sorted by name (ASCII case ignored).
    func speakers() throws -> [SpeakerSummary]
    /// The speaker called `name` with every utterance. - Throws: `.unknownSpeaker`.
    func speaker(named name: String) throws -> SpeakerDetails
}

extension SpeakerRegistry: SpeakerRegistryBackend {}
extension PostgresSpeakerRegistry: SpeakerRegistryBackend {}

/// Which speaker registry a command or the server uses: a SQLite file (`--db`, the default) or a PostgreSQL database
/// (`--registry postgres://…`, or `$MYNA_REGISTRY`). The CLI and the server resolve it here and only pass it on.
public enum SpeakerRegistryAddress: Sendable, CustomStringConvertible {
    case sqlite(path: String)
    case postgres(PostgresRegistryURL)

    /// The environment variable naming a PostgreSQL registry when neither `--registry` nor `--db` is given.
    public static let environmentVariable = "MYNA_REGISTRY"

    /// `--registry` (a `postgres://` URL) if given, else `--db PATH`, else `$MYNA_REGISTRY`, else the default SQLite
    /// file. - Throws: `ConfigurationError` for both options at once or a URL that does not parse (never echoing a
    /// password).
    public static func resolve(registry: String?, db: String?,
                               environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Self {
        if let registry {
            guard db == nil else {
                throw ConfigurationError(field: "--registry", message: "give either --registry (PostgreSQL) or --db (a SQLite file), not both.")
            }
            return .postgres(try PostgresRegistryURL(registry, field: "--registry", environment: environment))
        }
        if let db { return .sqlite(path: db) }
        if let variable = environment[environmentVariable], !variable.isEmpty {
            return .postgres(try PostgresRegistryURL(variable, field: "$\(environmentVariable)", environment: environment))
        }
        return .sqlite(path: SpeakerRegistryLocation.defaultPath(environment: environment))
    }

    /// The file path, or the URL without its password: how reports and errors name the registry.
    public var description: String {
        switch self {
        case .sqlite(let path): path
        case .postgres(let url): url.description
        }
    }

    /// The registry for reading: nothing is created. A SQLite file that does not exist yet reads as nil (nobody is
    /// enrolled); a PostgreSQL database without the tables reads as an empty registry.
    /// `timeout`: seconds to wait for another writer (SQLite) or to connect and for locks (PostgreSQL).
    public func openForReading(timeout: TimeInterval) throws -> (any SpeakerRegistryBackend)? {
        switch self {
        case .sqlite(let path):
            return try SpeakerRegistry.openIfExists(path: path, busyTimeout: timeout)
        case .postgres(let url):
            return IndexedSpeakerStore(try PostgresSpeakerRegistry(url: url, access: .readOnly, timeout: timeout))
        }
    }

    /// The registry for changes: the SQLite file (and its folder) is created when missing, the PostgreSQL tables
    /// are created or migrated.
    public func openForWriting(timeout: TimeInterval) throws -> any SpeakerRegistryBackend {
        switch self {
        case .sqlite(let path):
            return try SpeakerRegistry(path: path, access: .readWrite, busyTimeout: timeout)
        case .postgres(let url):
            // Indexed: a server identifies against the whole shared registry from memory, kept fresh per request.
            return IndexedSpeakerStore(try PostgresSpeakerRegistry(url: url, access: .readWrite, timeout: timeout))
        }
    }

    /// True when there may be speakers here: a SQLite file that exists, or any PostgreSQL database (asking it is
    /// the only way to know). Commands that only change existing speakers do not create a file to say a name is
    /// unknown.
    public var mayHoldSpeakers: Bool {
        switch self {
        case .sqlite(let path): FileManager.default.fileExists(atPath: path)
        case .postgres: true
        }
    }
}
