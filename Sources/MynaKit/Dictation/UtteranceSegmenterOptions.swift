import MynaCore

/// How `UtteranceSegmenter` turns speech probabilities into utterances: hysteresis between two thresholds, a
/// minimum length of speech, a minimum length of the silence that ends it, padding, and a maximum length.
///
/// The numbers follow silero-vad 6.2.3's `get_speech_timestamps` where dictation wants the same thing, and say why
/// where it does not.
public struct UtteranceSegmenterOptions: Sendable, Equatable {
    /// A step at or above this probability is speech and starts an utterance (silero-vad `threshold`, 0.5).
    public var onsetThreshold: Float = 0.5
    /// Inside an utterance, a step below this probability counts as silence (silero-vad's `neg_threshold`,
    /// `threshold − 0.15`); steps between the two thresholds change nothing.
    public var offsetThreshold: Float = 0.35
    /// Speech shorter than this is dropped without a decode: coughs, clicks (silero-vad `min_speech_duration_ms`,
    /// 250 ms).
    public var minSpeechDuration = 0.25
    /// Silence that ends an utterance, in seconds. silero-vad's default is 100 ms, which splits sentences at every
    /// comma; 0.5 s keeps a spoken phrase in one utterance while the final text still arrives half a second after the
    /// speaker stops.
    public var minSilenceDuration = 0.5
    /// Audio decoded before the onset, in seconds (silero-vad's `speech_pad_ms` is 30 ms on both sides). The VAD's
    /// onset lags soft beginnings ("so", "uh"); 0.3 s before it recovered them on the long-form recordings
    /// (scripts/evaluate_dictation.py), and costs no latency: that audio is already there.
    public var speechPad = 0.3
    /// Audio decoded after the end of speech, in seconds. Kept short because the speculative final decode waits for
    /// it after the probability drops.
    public var endPad = 0.1
    /// An utterance is cut when it reaches this length, in seconds, at its last pause (Whisper's window is 30 s).
    public var maxUtteranceDuration = 25.0
    /// A pause at least this long inside an over-long utterance is where it is cut (silero-vad's
    /// `min_silence_at_max_speech`, 98 ms); without one, the cut goes where speech was least probable.
    public var minCutSilence = 0.098

    public init() {}

    public static let `default` = UtteranceSegmenterOptions()

    /// Checks every field; the error names the option and the fix.
    public func validate() throws {
        guard onsetThreshold.isFinite, onsetThreshold > 0, onsetThreshold < 1 else {
            throw ConfigurationError(field: "vad-threshold", message: "\(onsetThreshold) must be between 0 and 1 (0.5 is usual)")
        }
        guard offsetThreshold.isFinite, offsetThreshold > 0, offsetThreshold <= onsetThreshold else {
            throw ConfigurationError(field: "vad-offset-threshold",
                                     message: "\(offsetThreshold) must be above 0 and at most the onset threshold \(onsetThreshold)")
        }
        guard minSpeechDuration.isFinite, minSpeechDuration >= 0, minSpeechDuration < 10 else {
            throw ConfigurationError(field: "min-speech", message: "\(minSpeechDuration) s must be between 0 and 10 s")
        }
        guard minSilenceDuration.isFinite, minSilenceDuration >= 0.032, minSilenceDuration <= 10 else {
            throw ConfigurationError(field: "min-silence", message: "\(minSilenceDuration) s must be between 0.032 s (one VAD step) and 10 s")
        }
        guard speechPad.isFinite, speechPad >= 0, speechPad <= 1 else {
            throw ConfigurationError(field: "speech-pad", message: "\(speechPad) s must be between 0 and 1 s")
        }
        guard endPad.isFinite, endPad >= 0, endPad <= 1 else {
            throw ConfigurationError(field: "end-pad", message: "\(endPad) s must be between 0 and 1 s")
        }
        guard maxUtteranceDuration.isFinite, maxUtteranceDuration >= 2, maxUtteranceDuration <= 28 else {
            throw ConfigurationError(field: "max-utterance", message: """
                \(maxUtteranceDuration) s must be between 2 and 28 s (an utterance and its padding must fit Whisper's 30 s window)
                """)
        }
        guard minCutSilence.isFinite, minCutSilence >= 0 else {
            throw ConfigurationError(field: "min-cut-silence", message: "\(minCutSilence) s must not be negative")
        }
    }
}
