import MynaCore

/// How speech probabilities become speech segments: silero-vad 6.2.3's `get_speech_timestamps` parameters, with its
/// defaults (every number below is the default of that function's signature in `silero_vad/utils_vad.py`).
/// Thresholds are Doubles because silero-vad compares each float32 probability with a Python float.
///
/// Durations are converted to samples at 16 kHz as silero-vad converts them (`16000 · ms / 1000`).
/// Thread-safety: a value; share freely.
public struct SpeechTimestampOptions: Sendable, Equatable, Codable {
    /// A step whose probability is at least this is speech (`threshold`, default 0.5).
    public var threshold: Double
    /// Inside speech, a step below this is silence (`neg_threshold`); nil means `max(threshold − 0.15, 0.01)`, as
    /// silero-vad computes it when the argument is omitted.
    public var negativeThreshold: Double?
    /// Segments this short or shorter are dropped (`min_speech_duration_ms`, default 250).
    public var minSpeechDurationMs: Int
    /// Segments longer than this are split (`max_speech_duration_s`, default infinity: never).
    public var maxSpeechDurationSeconds: Double
    /// Silence must last this long to end a segment (`min_silence_duration_ms`, default 100).
    public var minSilenceDurationMs: Int
    /// Each segment is widened by this much on both sides, or by half the gap to its neighbour when the gap is
    /// smaller than twice this (`speech_pad_ms`, default 30).
    public var speechPadMs: Int
    /// When splitting at the maximum duration, only silences longer than this are candidate cut points
    /// (`min_silence_at_max_speech`, default 98).
    public var minSilenceAtMaxSpeechMs: Int
    /// When splitting at the maximum duration, cut at the longest candidate silence (true, the default) or at the
    /// last one (`use_max_poss_sil_at_max_speech`).
    public var useLongestSilenceAtMaxSpeech: Bool

    /// silero-vad 6.2.3's defaults.
    public static let `default` = SpeechTimestampOptions(
        threshold: 0.5, negativeThreshold: nil, minSpeechDurationMs: 250, maxSpeechDurationSeconds: .infinity,
        minSilenceDurationMs: 100, speechPadMs: 30, minSilenceAtMaxSpeechMs: 98, useLongestSilenceAtMaxSpeech: true)

    public init(threshold: Double, negativeThreshold: Double?, minSpeechDurationMs: Int, maxSpeechDurationSeconds: Double,
                minSilenceDurationMs: Int, speechPadMs: Int, minSilenceAtMaxSpeechMs: Int,
                useLongestSilenceAtMaxSpeech: Bool) {
        self.threshold = threshold
        self.negativeThreshold = negativeThreshold
        self.minSpeechDurationMs = minSpeechDurationMs
        self.maxSpeechDurationSeconds = maxSpeechDurationSeconds
        self.minSilenceDurationMs = minSilenceDurationMs
        self.speechPadMs = speechPadMs
        self.minSilenceAtMaxSpeechMs = minSilenceAtMaxSpeechMs
        self.useLongestSilenceAtMaxSpeech = useLongestSilenceAtMaxSpeech
    }

    /// The silence threshold in effect.
    public var effectiveNegativeThreshold: Double { negativeThreshold ?? max(threshold - 0.15, 0.01) }

    /// Throws a `ConfigurationError` naming the first field that cannot work, and how to fix it.
    public func validate() throws {
        guard threshold.isFinite, threshold > 0, threshold <= 1 else {
            throw ConfigurationError(field: "threshold", message: "\(threshold) is not a probability in (0, 1]; 0.5 is silero-vad's default")
        }
        if let negativeThreshold {
            guard negativeThreshold.isFinite, negativeThreshold >= 0, negativeThreshold <= threshold else {
                throw ConfigurationError(field: "negativeThreshold", message: """
                    \(negativeThreshold) must lie in [0, threshold \(threshold)]; leave it unset for threshold − 0.15
                    """)
            }
        }
        for (field, value) in [("minSpeechDurationMs", minSpeechDurationMs), ("minSilenceDurationMs", minSilenceDurationMs),
                               ("speechPadMs", speechPadMs), ("minSilenceAtMaxSpeechMs", minSilenceAtMaxSpeechMs)] {
            guard (0...3_600_000).contains(value) else {
                throw ConfigurationError(field: field, message: "\(value) ms must lie between 0 and 3 600 000 (one hour)")
            }
        }
        guard maxSpeechDurationSeconds > 0, !maxSpeechDurationSeconds.isNaN else {
            throw ConfigurationError(field: "maxSpeechDurationSeconds", message: "\(maxSpeechDurationSeconds) s must be positive (infinity: never split)")
        }
        if maxSpeechDurationSeconds.isFinite {
            // silero-vad splits at 16000·max − 512 − 2·pad samples; at or below zero every step would split.
            let minimum = Double(SileroVADConfiguration.v6.stepSamples + 2 * SpeechTimestampScale(self).padSamples) /
                Double(SileroVADConfiguration.v6.sampleRate)
            guard maxSpeechDurationSeconds > minimum else {
                throw ConfigurationError(field: "maxSpeechDurationSeconds", message: """
                    \(maxSpeechDurationSeconds) s leaves no room for speech: it must exceed one 32 ms step plus twice the \
                    \(speechPadMs) ms padding (\(minimum) s)
                    """)
            }
        }
    }
}
