/// Turns speech into a `SpeakerEmbedding` (GE2E in MynaSpeakers).
public protocol SpeakerEncoder: Sendable {
    /// The sample rate the encoder takes, in Hz.
    var sampleRate: Int { get }
    /// The embedding of `samples` (mono, `sampleRate`, in [−1, 1]).
    func embed(_ samples: [Float]) throws -> SpeakerEmbedding
}
