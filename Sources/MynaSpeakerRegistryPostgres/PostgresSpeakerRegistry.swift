import Foundation
import MynaCore
import PostgresNIO

/// The speaker registry in a PostgreSQL database, shared by every `myna` process and `myna serve` replica that names
/// it: the same contract as the SQLite registry (`SpeakerStore`), on a server.
///
/// - Tables `myna_speaker`, `myna_utterance`, `myna_encoder_model` and `myna_schema` (prefixed, so the registry can
///   live in a database other programs use too). Embeddings are `real[]` (pgvector is not needed).
/// - Names are unique without regard to ASCII case through a unique index on `myna_name_key(name)`; a name taken by a
///   concurrent enrolment fails that enrolment's insert when the other commits, and is reported as `.speakerExists`
///   (or, for `.createOrAdd`, the enrolment is retried once and adds to the new speaker, as the SQLite registry's
///   serialised writers would).
/// - Every change is one transaction; on any error it is rolled back.
/// - The schema is versioned (`PostgresSpeakerRegistry+Schema.swift`); openers take a transaction-level advisory
///   lock before migrating, so of two replicas starting at once one migrates and the other then finds it done. A
///   database migrated by a newer Myna is refused (`.newerSchema`).
///
/// Thread-safety: `Sendable`; every method may be called from any thread but an event-loop thread, and blocks the
/// calling thread until the server answers (`PostgresConnections`): do not call from Swift's cooperative pool.
public final class PostgresSpeakerRegistry: Sendable {
    public enum Access: Sendable {
        /// Create and migrate the tables when needed, allow changes.
        case readWrite
        /// Only read: nothing is created or migrated (a database without the tables reads as an empty registry).
        case readOnly
    }

    /// Seconds to wait to connect, and for locks other clients hold, by default.
    public static let defaultTimeout: TimeInterval = 5

    public let url: PostgresRegistryURL
    let connections: PostgresConnections

    /// Connects to the registry at `url` and (with `.readWrite`) creates or migrates its tables.
    /// - Throws: `SpeakerRegistryError`: `.ioFailure` (unreachable server, refused login, unknown database),
    ///   `.newerSchema`, `.needsUpgrade` (read-only, older schema), `.corrupt` (tables of another shape), `.locked`.
    public init(url: PostgresRegistryURL, access: Access = .readWrite, timeout: TimeInterval = defaultTimeout) throws {
        self.url = url
        connections = PostgresConnections(url: url, timeout: timeout)
        try connections.withConnection { try prepareSchema(access: access, on: $0) }
    }

    /// The URL without its password.
    public var location: String { url.description }
}
