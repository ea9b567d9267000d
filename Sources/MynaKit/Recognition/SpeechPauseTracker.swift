/// Where a stream's speech last stopped, from its speech probabilities step by step: the end of the last speech step
/// and how many silent steps followed it. Tells `SpeculativeTranscription` when the audio so far is worth decoding
/// ahead of the stream's end (the speaker paused) and whether a decode of a prefix still holds (no speech after it).
///
/// A value type of plain counters: deterministic, testable with made-up probabilities.
struct SpeechPauseTracker: Sendable {
    /// A step at or above this probability is speech (silero-vad's `threshold`, 0.5).
    let threshold: Float
    /// Samples per step (Silero VAD: 512 at 16 kHz).
    let stepSampleCount: Int
    /// Silent steps after speech before the stream counts as pausing.
    let pauseSteps: Int

    /// Samples judged so far (whole steps).
    private(set) var judgedSamples = 0
    /// The end of the last speech step, in samples; nil before any speech.
    private(set) var speechEnd: Int?
    private var silentSteps = 0

    init(threshold: Float, stepSampleCount: Int, pauseSteps: Int) {
        precondition(stepSampleCount > 0 && pauseSteps >= 1)
        self.threshold = threshold
        self.stepSampleCount = stepSampleCount
        self.pauseSteps = pauseSteps
    }

    /// Takes the probability of the next step.
    mutating func process(_ probability: Float) {
        judgedSamples += stepSampleCount
        if probability >= threshold {
            speechEnd = judgedSamples
            silentSteps = 0
        } else {
            silentSteps += 1
        }
    }

    /// Speech was heard, and at least `pauseSteps` silent steps since.
    var isPausing: Bool { speechEnd != nil && silentSteps >= pauseSteps }

    /// Whether speech was heard after sample `position` (a decode of the audio up to there misses words).
    func heardSpeech(after position: Int) -> Bool { (speechEnd ?? 0) > position }
}
