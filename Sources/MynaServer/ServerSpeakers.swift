import Foundation
import MynaKit

/// The speaker registry the `/v1/speakers` routes work on and the service that embeds uploads for it, made once for
/// the server: the GE2E encoder loads on the first request that embeds audio, then stays loaded.
///
/// Thread-safety: `Sendable`; the registry serialises its own writes (SQLite, with a busy timeout).
public struct ServerSpeakers: Sendable {
    public let registry: SpeakerRegistry
    public let service: SpeakerService

    /// Opens (and creates when missing) the registry at `registryPath`, with the default encoder of
    /// `modelsDirectory` and the CLI's embedding defaults (trimming with Silero VAD, at least 1 s of speech).
    /// - Throws: `SpeakerRegistryError` when the database cannot be opened for writing.
    /// `busyTimeout`: seconds to wait while another process writes (nil: the registry's default).
    public init(registryPath: String, modelsDirectory: ModelsDirectory, busyTimeout: TimeInterval? = nil) throws {
        registry = try SpeakerRegistry(path: registryPath, access: .readWrite,
                                       busyTimeout: busyTimeout ?? SpeakerRegistry.defaultBusyTimeout)
        service = SpeakerService(store: registry, encoder: SpeakerEncoderConfiguration(modelsDirectory: modelsDirectory))
    }
}
