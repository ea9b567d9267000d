import Foundation
import MynaKit

/// The speaker registry the `/v1/speakers` routes work on, and the engine whose speaker service embeds uploads for
/// it: the GE2E encoder and Silero VAD are the engine's (`MynaEngine.speakerService`), loaded on the first request
/// that embeds audio and kept, once per engine, as for `transcribe --speakers`.
///
/// Thread-safety: `Sendable`; the registry serialises its own writes (SQLite with a busy timeout, PostgreSQL in
/// transactions). Its methods block until the database answers, so the routes call them off the cooperative pool.
public struct ServerSpeakers: Sendable {
    public let registry: any SpeakerRegistryBackend
    let engine: MynaEngine

    /// Opens (and creates when missing) the registry at `registryPath`, embedding with `engine`'s default encoder
    /// and the CLI's embedding defaults (trimming with Silero VAD, at least 1 s of speech).
    /// `busyTimeout`: seconds to wait while another process writes (nil: the registry's default).
    /// - Throws: `SpeakerRegistryError` when the database cannot be opened for writing.
    public init(registryPath: String, engine: MynaEngine, busyTimeout: TimeInterval? = nil) throws {
        try self.init(address: .sqlite(path: registryPath), engine: engine, busyTimeout: busyTimeout)
    }

    /// Opens (and creates or migrates when needed) the registry at `address`: a SQLite file or a PostgreSQL database
    /// that several replicas share. `busyTimeout`: seconds to wait for other writers (and, PostgreSQL, to connect).
    public init(address: SpeakerRegistryAddress, engine: MynaEngine, busyTimeout: TimeInterval? = nil) throws {
        registry = try address.openForWriting(timeout: busyTimeout ?? SpeakerRegistry.defaultBusyTimeout)
        self.engine = engine
    }

    /// Speaker decisions over the registry, on the engine's encoder (loaded by the first call).
    /// - Throws: `ConfigurationError` (a model is not installed), `WeightLoadingError` (a damaged file).
    func service() throws -> SpeakerService { try engine.speakerService(store: registry) }
}
