/// Ids of Whisper's special tokens, read from the model's vocabulary by their text (so English-only and
/// multilingual vocabularies, whose ids differ by one, are both right).
public struct WhisperSpecialTokens: Sendable, Equatable {
    public var endOfText: Int
    public var startOfTranscript: Int
    public var translate: Int
    public var transcribe: Int
    public var startOfLM: Int
    public var startOfPrevious: Int
    /// `<|nospeech|>` (or `<|nocaptions|>` in older vocabularies): its probability is the no-speech probability.
    public var noSpeech: Int
    public var noTimestamps: Int
    /// `<|0.00|>`; timestamp token `timestampBegin + i` stands for `i × 0.02` seconds, up to 30.00.
    public var timestampBegin: Int
    /// Language codes in vocabulary order (`en`, `zh`, `de`, …) with their token ids.
    public var languages: [(code: String, id: Int)]

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.endOfText == rhs.endOfText && lhs.startOfTranscript == rhs.startOfTranscript && lhs.translate == rhs.translate
            && lhs.transcribe == rhs.transcribe && lhs.startOfLM == rhs.startOfLM && lhs.startOfPrevious == rhs.startOfPrevious
            && lhs.noSpeech == rhs.noSpeech && lhs.noTimestamps == rhs.noTimestamps && lhs.timestampBegin == rhs.timestampBegin
            && lhs.languages.map(\.code) == rhs.languages.map(\.code) && lhs.languages.map(\.id) == rhs.languages.map(\.id)
    }

    /// Seconds per timestamp token step.
    public static let timestampStepSeconds = 0.02

    /// The id of the language token for `code`, if the vocabulary has it.
    public func languageToken(_ code: String) -> Int? { languages.first { $0.code == code }?.id }

    public func isTimestamp(_ token: Int) -> Bool { token >= timestampBegin }

    /// Seconds for a timestamp token.
    public func seconds(ofTimestamp token: Int) -> Double { Double(token - timestampBegin) * Self.timestampStepSeconds }
}
