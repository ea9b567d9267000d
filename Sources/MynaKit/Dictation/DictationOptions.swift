import MynaCore
import MynaRecognition

/// Knobs of live dictation; `.default` suits a desk microphone and tiny.en on two cores.
public struct DictationOptions: Sendable, Equatable {
    /// How speech probabilities become utterances.
    public var segmentation = UtteranceSegmenterOptions.default
    /// Seconds of new audio between two partial decodes of the utterance in progress (about 1 s: each partial costs
    /// one encoder pass, ~0.4 s for tiny.en on two cores, and LocalAgreement-2 needs two of them to commit a word).
    public var step = 1.0
    /// The first partial decode comes this long after the onset (sooner than `step`, so the first words show early).
    public var firstStep = 0.6
    /// How the final text of an utterance is decoded: faster-whisper's defaults (beam 5, temperature fallback,
    /// silence rule) without timestamps (an utterance is one segment).
    public var finalDecoding: WhisperDecodingOptions = {
        var options = WhisperDecodingOptions.default
        options.withTimestamps = false
        return options
    }()
    /// Partial decodes are greedy, at temperature 0 only: they are shown for a second and then decoded again.
    public var partialBeamSize = 1
    /// Partial decodes encode only the utterance plus this many seconds of zero padding instead of a whole 30 s
    /// window (whisper.cpp's `audio_ctx`; finals always encode the whole window): several times cheaper for short
    /// utterances, so partials leave the CPU to the final decode. On the long-form recordings the final texts were as
    /// accurate with 1 s as with whole windows (scripts/evaluate_dictation.py: 12.11 % against 12.32 % WER); nil
    /// encodes whole windows.
    public var partialEncoderPadding: Double? = 1.0
    /// Partial decodes may take at most this fraction of real time: after one that took `c` seconds (measured as the
    /// audio that arrived meanwhile), the next waits for `max(step, c / partialBudget)` of new audio. On two cores a
    /// tiny.en partial takes ~0.1–0.4 s, so this only thins partials on a slow or loaded machine, leaving the CPU to
    /// the finals.
    public var partialBudget = 0.5
    /// When more audio than this (seconds) arrived since the last update, the session is behind real time and no
    /// partial is decoded then (finals and the speculative final still are). Half a second: about one partial decode
    /// on a slow machine; a partial of audio that old would be stale when shown.
    public var maxBacklog = 0.5
    /// Decode the final text as soon as the speech probability first drops (before the silence is long enough to
    /// end the utterance), and use that decode if the utterance does end there.
    public var speculativeFinal = true
    /// Each utterance is prompted with at most this many tokens of the committed text before it (faster-whisper
    /// keeps `max_length / 2 − 1` = 223).
    public var promptTokenLimit = 223
    /// Text that primes the first utterance (names, spelling, style), as `--initial-prompt` does for files.
    public var initialPrompt: String?

    public init() {}

    public static let `default` = DictationOptions()

    /// The decoding options of partial hypotheses.
    public var partialDecoding: WhisperDecodingOptions {
        var options = finalDecoding
        options.beamSize = partialBeamSize
        options.temperatures = [0]
        return options
    }

    /// Checks every field; the error names the option and the fix.
    public func validate() throws {
        try segmentation.validate()
        try finalDecoding.validate()
        guard step.isFinite, step >= 0.2, step <= 10 else {
            throw ConfigurationError(field: "step", message: "\(step) s must be between 0.2 and 10 s (1 s is usual)")
        }
        guard firstStep.isFinite, firstStep >= 0.2, firstStep <= 10 else {
            throw ConfigurationError(field: "first-step", message: "\(firstStep) s must be between 0.2 and 10 s")
        }
        guard (1...32).contains(partialBeamSize) else {
            throw ConfigurationError(field: "partial-beam-size", message: "\(partialBeamSize) must be between 1 and 32")
        }
        guard partialBudget.isFinite, partialBudget > 0, partialBudget <= 1 else {
            throw ConfigurationError(field: "partial-budget", message: "\(partialBudget) must be above 0 and at most 1")
        }
        guard maxBacklog.isFinite, maxBacklog >= 0.05, maxBacklog <= 30 else {
            throw ConfigurationError(field: "max-backlog", message: "\(maxBacklog) s must be between 0.05 and 30 s")
        }
        if let padding = partialEncoderPadding, !(padding.isFinite && padding >= 0 && padding <= 30) {
            throw ConfigurationError(field: "partial-encoder-padding", message: "\(padding) s must be between 0 and 30 s")
        }
        guard (0...223).contains(promptTokenLimit) else {
            throw ConfigurationError(field: "prompt-tokens", message: "\(promptTokenLimit) must be between 0 and 223")
        }
    }
}
