/// One audio stream through a voice-activity detector: a speech probability for every fixed step of mono audio,
/// with whatever state the detector carries from step to step (Silero VAD: 512 samples at 16 kHz, an LSTM state and
/// 64 samples of context).
///
/// Live pipelines depend on this role rather than on a model, so they can be tested with a scripted detector.
/// Not thread-safe: one stream, fed in order from one thread at a time.
public protocol VoiceActivityStream: AnyObject {
    /// Samples per step, at `sampleRate`.
    var stepSampleCount: Int { get }
    /// The rate the detector takes, in Hz.
    var sampleRate: Int { get }
    /// The probability (0…1) that the next step of the stream, `step` (exactly `stepSampleCount` samples), is speech.
    /// - Throws: `FeatureError` for a sample that is not finite.
    func speechProbability(of step: UnsafeBufferPointer<Float>) throws -> Float
}
