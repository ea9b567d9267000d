import MynaCore

/// Per-call decoding knobs, with faster-whisper 1.2.1's `transcribe` defaults (the source of every number below).
public struct WhisperDecodingOptions: Sendable, Equatable {
    /// Beams at temperature 0; 1 is greedy search (faster-whisper: 5).
    public var beamSize = 5
    /// Search stops after `round(beamSize · patience)` finished hypotheses (faster-whisper: 1).
    public var patience = 1.0
    /// Hypotheses are ranked by summed log-probability / length^lengthPenalty (faster-whisper: 1).
    public var lengthPenalty = 1.0
    /// Candidates sampled at each non-zero temperature (faster-whisper `best_of`, 5).
    public var bestOf = 5
    /// Fallback temperatures, tried in order while a result fails the thresholds (0.0…1.0 step 0.2).
    public var temperatures: [Double] = [0.0, 0.2, 0.4, 0.6, 0.8, 1.0]
    /// A result whose text compresses better than this is a repetition loop (2.4).
    public var compressionRatioThreshold: Double? = 2.4
    /// A result whose average token log-probability is below this is retried (−1.0).
    public var logProbThreshold: Double? = -1.0
    /// A window whose no-speech probability is above this, with a low log-probability, is skipped as silence (0.6).
    public var noSpeechThreshold: Double? = 0.6
    /// Prompt each window with the text before it (true).
    public var conditionOnPreviousText = true
    /// Stop conditioning on previous text after a window needed a temperature above this (0.5).
    public var promptResetOnTemperature = 0.5
    /// Text that primes the first window (spelling, names, style).
    public var initialPrompt: String?
    /// Suppress `suppress_ids` from the model's config.json (faster-whisper `suppress_tokens=[-1]`).
    public var suppressConfigTokens = true
    /// Suppress a leading space or end-of-text as the first token (true).
    public var suppressBlank = true
    /// The first timestamp may not be later than this, in seconds (1.0).
    public var maxInitialTimestamp = 1.0
    /// Emit timestamp tokens and split windows into segments by them (true).
    public var withTimestamps = true
    /// Language code; nil detects it on multilingual models ("en" for English-only models).
    public var language: String?
    public var task: WhisperTask = .transcribe
    /// Seed of the sampler used at non-zero temperatures.
    public var seed: UInt64 = 0
    /// Mel frames (10 ms each, ascending, not overlapping) where a voice activity detector heard speech. When set,
    /// a 30 s window holding none of them is skipped without decoding (seek jumps to just before the next speech),
    /// so silence, noise and music never reach the decoder, where Whisper hallucinates text ("you", "Thank you.")
    /// that its no-speech rule lets through. Windows with speech decode exactly as without it. nil decodes every
    /// window, as faster-whisper does without `vad_filter`.
    public var speechFrames: [Range<Int>]?
    /// Time every word from the cross-attention of the alignment heads (faster-whisper `word_timestamps`, false):
    /// segments then carry `words`, and their start and end follow the first and last word as upstream.
    public var wordTimestamps = false

    public init() {}

    public static let `default` = WhisperDecodingOptions()

    /// Checks every field; the error names the field and the fix.
    public func validate() throws {
        guard (1...32).contains(beamSize) else {
            throw ConfigurationError(field: "beam-size", message: "\(beamSize) must be between 1 (greedy) and 32")
        }
        guard patience > 0, patience.isFinite else {
            throw ConfigurationError(field: "patience", message: "\(patience) must be a positive number (1 is the usual)")
        }
        guard bestOf >= 1 else { throw ConfigurationError(field: "best-of", message: "\(bestOf) must be at least 1") }
        guard !temperatures.isEmpty, temperatures.allSatisfy({ $0 >= 0 && $0.isFinite }) else {
            throw ConfigurationError(field: "temperature", message: "give one or more finite temperatures ≥ 0")
        }
        if let speechFrames, zip(speechFrames, speechFrames.dropFirst()).contains(where: { $0.upperBound > $1.lowerBound })
            || speechFrames.contains(where: { $0.lowerBound < 0 }) {
            throw ConfigurationError(field: "speechFrames", message: "speech ranges must be ascending, non-negative and not overlap")
        }
        guard maxInitialTimestamp >= 0, maxInitialTimestamp <= 30 else {
            throw ConfigurationError(field: "max-initial-timestamp", message: "\(maxInitialTimestamp) s must be between 0 and 30")
        }
    }
}

/// What the decoder is asked to produce.
public enum WhisperTask: String, Sendable, CaseIterable {
    case transcribe, translate
}
