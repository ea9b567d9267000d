/// What `SpeakerService.verify` decided: is the recording the enrolled speaker?
///
/// Thread-safety: a value type; share freely.
public struct SpeakerVerification: Sendable {
    /// The speaker's name as enrolled (the asked name may differ in ASCII case).
    public var speaker: String
    /// The cosine similarity of the recording's embedding and the speaker's profile.
    public var score: Double
    /// The threshold applied (given, or the calibrated one).
    public var threshold: Double
    /// Calibrated P(same speaker | score) for even prior odds; nil for an encoder without calibration.
    public var probability: Double?
    /// True when `score >= threshold`.
    public var accepted: Bool
    /// The recording's embedding (with its speech seconds and the file's digest).
    public var embedding: FileEmbedding

    public init(speaker: String, score: Double, threshold: Double, probability: Double?, accepted: Bool, embedding: FileEmbedding) {
        self.speaker = speaker
        self.score = score
        self.threshold = threshold
        self.probability = probability
        self.accepted = accepted
        self.embedding = embedding
    }

    /// Seconds of speech the recording's embedding was made from.
    public var speechSeconds: Double { embedding.utterance.speechSeconds }
}
