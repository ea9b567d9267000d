import MynaCore

/// What `GE2ESpeakerEncoder` made of one utterance: the embedding and how it was obtained.
public struct GE2EUtterance: Sendable {
    /// The utterance embedding: the normalised mean of the partial embeddings.
    public var embedding: SpeakerEmbedding
    /// One embedding per partial utterance, in order.
    public var partialEmbeddings: [SpeakerEmbedding]
    /// Where the partials were cut (in the trimmed audio when trimming).
    public var slices: GE2EPartialSlices
    /// Length of the audio given, in seconds.
    public var inputSeconds: Double
    /// Length of the audio embedded (the speech kept by trimming, else the whole input), in seconds.
    public var speechSeconds: Double
    /// The volume-normalisation gain applied (1 when the audio was already at or above −30 dBFS).
    public var gain: Double
    /// True when non-speech was trimmed by a voice activity detector first.
    public var trimmed: Bool
}
