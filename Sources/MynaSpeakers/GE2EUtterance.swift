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

/// An utterance ready for the network (`GE2ESpeakerEncoder.prepare`): normalised, trimmed, sliced, as a mel
/// spectrogram of the zero-padded audio.
public struct GE2EPreparedUtterance: Sendable {
    /// 40 × frames mel power of the (trimmed, padded) audio.
    public var mel: FeatureMatrix
    public var slices: GE2EPartialSlices
    public var inputSeconds: Double
    public var speechSeconds: Double
    public var gain: Double
    public var trimmed: Bool
}
