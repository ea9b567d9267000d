/// One decoded stretch of speech, with the statistics faster-whisper and openai-whisper report for it.
public struct TranscriptSegment: Sendable, Equatable, Codable {
    /// 0-based index within the transcript.
    public var id: Int
    /// The 10 ms mel frame the 30 s window started at.
    public var seek: Int
    /// Start and end, in seconds from the start of the audio.
    public var start: Double
    public var end: Double
    public var text: String
    /// Every token of the segment, timestamps included.
    public var tokens: [Int]
    /// The sampling temperature that produced it (0 for greedy or beam search).
    public var temperature: Double
    public var avgLogProb: Double
    public var compressionRatio: Double
    public var noSpeechProb: Double
    /// The segment's words with their times, when word timestamps were asked for; nil otherwise.
    public var words: [TranscriptWord]?
    /// Who says it (`SPEAKER_00`… or an enrolled name), when speakers were asked for and someone speaks; nil otherwise.
    public var speaker: String?

    public init(id: Int, seek: Int, start: Double, end: Double, text: String, tokens: [Int], temperature: Double,
                avgLogProb: Double, compressionRatio: Double, noSpeechProb: Double, words: [TranscriptWord]? = nil,
                speaker: String? = nil) {
        self.id = id
        self.seek = seek
        self.start = start
        self.end = end
        self.text = text
        self.tokens = tokens
        self.temperature = temperature
        self.avgLogProb = avgLogProb
        self.compressionRatio = compressionRatio
        self.noSpeechProb = noSpeechProb
        self.words = words
        self.speaker = speaker
    }
}

/// One word of a segment, timed from the recognizer's attention (openai-whisper's and faster-whisper's `words`).
public struct TranscriptWord: Sendable, Equatable, Codable {
    /// The word as it appears in the text, with its leading space and any punctuation merged into it.
    public var word: String
    /// Start and end, in seconds from the start of the audio.
    public var start: Double
    public var end: Double
    /// Mean probability of the word's tokens, 0…1.
    public var probability: Double
    /// Who says it, when speakers were asked for and someone speaks; nil otherwise.
    public var speaker: String?

    public init(word: String, start: Double, end: Double, probability: Double, speaker: String? = nil) {
        self.word = word
        self.start = start
        self.end = end
        self.probability = probability
        self.speaker = speaker
    }
}

/// A whole transcription.
public struct Transcript: Sendable, Equatable, Codable {
    public var text: String
    public var segments: [TranscriptSegment]
    /// The language code used (given or detected), e.g. "en".
    public var language: String
    /// Probability of `language` when it was detected; nil when it was given.
    public var languageProbability: Double?

    public init(text: String, segments: [TranscriptSegment], language: String, languageProbability: Double? = nil) {
        self.text = text
        self.segments = segments
        self.language = language
        self.languageProbability = languageProbability
    }
}
