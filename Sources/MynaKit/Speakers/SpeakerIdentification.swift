import MynaCore

/// One enrolled speaker scored against a recording.
public struct SpeakerMatch: Sendable, Hashable, Codable {
    public var speaker: String
    /// Cosine similarity of the recording's embedding and the speaker's profile.
    public var score: Double
    /// Calibrated P(same speaker | score); nil for an encoder without calibration.
    public var probability: Double?

    public init(speaker: String, score: Double, probability: Double?) {
        self.speaker = speaker
        self.score = score
        self.probability = probability
    }
}

/// What `SpeakerService.identify` decided: which enrolled speaker the recording is, or nobody.
///
/// Thread-safety: a value type; share freely.
public struct SpeakerIdentification: Sendable {
    /// The best matches, best first (at most the `top` asked for; never empty).
    public var matches: [SpeakerMatch]
    /// The best match of all, whether or not it reaches the threshold.
    public var best: SpeakerMatch
    /// The threshold applied (given, or the calibrated one).
    public var threshold: Double
    /// True when the best match reaches the threshold.
    public var identified: Bool
    /// Speakers not compared because they were enrolled with another encoder than the pipeline's.
    public var skippedSpeakers: [String]
    /// The recording's embedding.
    public var embedding: FileEmbedding

    public init(matches: [SpeakerMatch], best: SpeakerMatch, threshold: Double, identified: Bool, skippedSpeakers: [String],
                embedding: FileEmbedding) {
        self.matches = matches
        self.best = best
        self.threshold = threshold
        self.identified = identified
        self.skippedSpeakers = skippedSpeakers
        self.embedding = embedding
    }

    /// The identified speaker's name, nil for nobody.
    public var speaker: String? { identified ? best.speaker : nil }

    /// The identified speaker's name, or `SpeakerName.reserved` ("unknown") when nobody reached the threshold.
    public var speakerOrUnknown: String { speaker ?? SpeakerName.reserved }
}
