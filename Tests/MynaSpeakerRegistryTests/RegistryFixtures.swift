import Foundation
import MynaCore
@testable import MynaSpeakerRegistry
import MynaTestSupport

/// A registry in a fresh temporary folder, and synthetic embeddings (the registry only stores and averages them).
struct RegistryFixture {
    let folder: URL
    var path: String { folder.appendingPathComponent("speakers.sqlite").path }
    static let encoder = EncoderModelIdentity(id: String(repeating: "ab", count: 32), fileName: "pretrained.pt", dimension: 8)
    static let otherEncoder = EncoderModelIdentity(id: String(repeating: "cd", count: 32), fileName: "other.pt", dimension: 8)

    init() throws { folder = try Fixtures.makeTemporaryDirectory() }

    func remove() { try? FileManager.default.removeItem(at: folder) }

    func open(_ access: SpeakerRegistry.Access = .readWrite, busyTimeout: TimeInterval = 5) throws -> SpeakerRegistry {
        try SpeakerRegistry(path: path, access: access, busyTimeout: busyTimeout)
    }

    /// A deterministic unit vector, different for each seed.
    static func embedding(_ seed: Int) -> SpeakerEmbedding {
        SpeakerEmbedding(normalizing: (0..<8).map { Float(sin(Double(seed * 8 + $0) * 1.7) + 1.1) })
    }

    static func utterance(_ seed: Int, name: String? = nil) -> UtteranceEnrolment {
        UtteranceEnrolment(embedding: embedding(seed), speechSeconds: 2.5 + Double(seed), sourceName: name ?? "clip\(seed).flac",
                           audioSHA256: String(format: "%064x", seed), trimmed: true)
    }
}
