/// `SpeechTimestampOptions` in samples at 16 kHz, computed as `get_speech_timestamps_from_probs` computes them
/// (`sampling_rate · ms / 1000`; integers for whole milliseconds, so only the maximum speech length is fractional).
struct SpeechTimestampScale: Sendable {
    let stepSamples: Int
    let threshold: Double
    let negativeThreshold: Double
    let minSpeechSamples: Int
    let padSamples: Int
    let minSilenceSamples: Int
    let minSilenceAtMaxSpeechSamples: Int
    /// `16000 · max_speech_duration_s − 512 − 2 · pad` (infinity by default).
    let maxSpeechSamples: Double
    let useLongestSilence: Bool

    init(_ options: SpeechTimestampOptions, _ c: SileroVADConfiguration = .v6) {
        let perMs = c.sampleRate / 1000
        stepSamples = c.stepSamples
        threshold = options.threshold
        negativeThreshold = options.effectiveNegativeThreshold
        minSpeechSamples = perMs * options.minSpeechDurationMs
        padSamples = perMs * options.speechPadMs
        minSilenceSamples = perMs * options.minSilenceDurationMs
        minSilenceAtMaxSpeechSamples = perMs * options.minSilenceAtMaxSpeechMs
        maxSpeechSamples = Double(c.sampleRate) * options.maxSpeechDurationSeconds - Double(c.stepSamples) - Double(2 * padSamples)
        useLongestSilence = options.useLongestSilenceAtMaxSpeech
    }
}
