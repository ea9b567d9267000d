import MynaCore

/// What live dictation reports. Times are seconds of the input stream since capture began.
public enum DictationEvent: Sendable, Equatable {
    /// The utterance in progress, decoded again: committed words (never retracted) and a tentative tail (rewritten by
    /// the next partial or the final).
    case partial(DictationPartial)
    /// The text of a finished utterance.
    case final(DictationFinal)
}

/// A hypothesis of the utterance in progress.
public struct DictationPartial: Sendable, Equatable, Codable {
    /// 0-based utterance number.
    public var utterance: Int
    /// Where the speech began (the VAD's onset), in seconds.
    public var start: Double
    /// The end of the audio this hypothesis covers, in seconds.
    public var end: Double
    /// Words two consecutive hypotheses agreed on: every later partial and the final text begin with them.
    public var committed: String
    /// The rest of the hypothesis, which may change (starts with a space when it follows committed words).
    public var tentative: String

    public init(utterance: Int, start: Double, end: Double, committed: String, tentative: String) {
        self.utterance = utterance
        self.start = start
        self.end = end
        self.committed = committed
        self.tentative = tentative
    }

    /// Committed and tentative text together.
    public var text: String { committed + tentative }
}

/// A finished utterance.
public struct DictationFinal: Sendable, Equatable, Codable {
    public var utterance: Int
    /// The speech as the VAD found it (without padding), in seconds.
    public var start: Double
    public var end: Double
    /// The text (empty when Whisper heard no speech in what the VAD took for it).
    public var text: String
    /// When the utterance was known to be over (the VAD's offset: `end` plus the minimum silence, or the cut), in
    /// seconds: the moment from which the final text's latency counts.
    public var endpoint: Double
    public var reason: UtteranceEndReason
    /// The text's words with their times in seconds of the stream, when `finalDecoding.wordTimestamps` is on; nil
    /// otherwise.
    public var words: [TranscriptWord]?

    public init(utterance: Int, start: Double, end: Double, text: String, endpoint: Double, reason: UtteranceEndReason,
                words: [TranscriptWord]? = nil) {
        self.utterance = utterance
        self.start = start
        self.end = end
        self.text = text
        self.endpoint = endpoint
        self.reason = reason
        self.words = words
    }
}

/// Where a dictation's time went, for `--verbose` and benchmarks.
public struct DictationStatistics: Sendable, Equatable, Codable {
    /// Seconds of audio processed.
    public var audioSeconds = 0.0
    /// Utterances finished with text, and those whose decode found no speech.
    public var utteranceCount = 0
    public var silentUtteranceCount = 0
    /// Speech shorter than the minimum, dropped without a decode.
    public var discardedCount = 0
    /// Decodes of each kind and their wall time in seconds (encoder included).
    public var partialDecodes = 0
    public var partialSeconds = 0.0
    public var speculativeDecodes = 0
    public var speculativeSeconds = 0.0
    public var finalDecodes = 0
    public var finalSeconds = 0.0
    /// Finals that used a speculative decode instead of decoding again.
    public var reusedFinals = 0
    /// Final (and speculative) decodes whose free text did not begin with the committed words, decoded a second time
    /// forced to begin with them (one more decoder pass on the same encoded window).
    public var forcedFinals = 0
    /// Partial decodes skipped because decoding had fallen behind real time (`DictationOptions.maxBacklog`).
    public var shedPartials = 0
    /// Seconds spent in the encoder (all kinds), and in the VAD and log-mel front end.
    public var encoderSeconds = 0.0
    public var frontEndSeconds = 0.0

    public init() {}
}
