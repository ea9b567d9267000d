import Foundation
import MynaKit

/// The speaker registry the `/v1/speakers` routes work on, and the engine whose speaker service embeds uploads for
/// it: the GE2E encoder and Silero VAD are the engine's (`MynaEngine.speakerService`), loaded on the first request
/// that embeds audio and kept, once per engine, as for `transcribe --speakers`.
///
/// Thread-safety: `Sendable`; the registry serialises its own writes (SQLite, with a busy timeout).
public struct ServerSpeakers: Sendable {
    public let registry: SpeakerRegistry
    let engine: MynaEngine

    /// Opens (and creates when missing) the registry at `registryPath`, embedding with `engine`'s default encoder
    /// and the CLI's embedding defaults (trimming with Silero VAD, at least 1 s of speech).
    /// `busyTimeout`: seconds to wait while another process writes (nil: the registry's default).
    /// - Throws: `SpeakerRegistryError` when the database cannot be opened for writing.
    public init(registryPath: String, engine: MynaEngine, busyTimeout: TimeInterval? = nil) throws {
        registry = try SpeakerRegistry(path: registryPath, access: .readWrite,
                                       busyTimeout: busyTimeout ?? SpeakerRegistry.defaultBusyTimeout)
        self.engine = engine
    }

    /// Speaker decisions over the registry, on the engine's encoder (loaded by the first call).
    /// - Throws: `ConfigurationError` (a model is not installed), `WeightLoadingError` (a damaged file).
    func service() throws -> SpeakerService { try engine.speakerService(store: registry) }
}
