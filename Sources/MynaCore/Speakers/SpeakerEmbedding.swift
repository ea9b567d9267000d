/// A speaker embedding: an L2-normalised vector (256 values for GE2E) whose cosine with another embedding of the same
/// encoder says how alike two voices are.
///
/// Thread-safety: a value type; share freely.
public struct SpeakerEmbedding: Sendable, Hashable, Codable {
    /// The components, with Euclidean norm 1 (or all zero for a degenerate input, never produced by an encoder).
    public let values: [Float]

    /// `values` scaled to unit length (accumulated in Double); an all-zero vector stays zero.
    public init(normalizing values: [Float]) {
        var squares = 0.0
        for v in values { squares += Double(v) * Double(v) }
        let norm = squares.squareRoot()
        self.values = norm > 0 ? values.map { Float(Double($0) / norm) } : values
    }

    /// Values that are already unit length (for example read back from storage); not renormalised.
    public init(unitValues values: [Float]) {
        self.values = values
    }

    /// Number of components.
    public var dimension: Int { values.count }

    /// The cosine similarity with `other`: the dot product of two unit vectors, in [−1, 1] (GE2E embeddings are
    /// non-negative after their ReLU, so in [0, 1] there). Accumulated in Double.
    public func cosineSimilarity(_ other: SpeakerEmbedding) -> Double {
        precondition(values.count == other.values.count,
                     "SpeakerEmbedding: dimensions \(values.count) and \(other.values.count) differ")
        var dot = 0.0, a = 0.0, b = 0.0
        for i in values.indices {
            let x = Double(values[i]), y = Double(other.values[i])
            dot += x * y; a += x * x; b += y * y
        }
        let norms = (a * b).squareRoot()
        return norms > 0 ? dot / norms : 0
    }

    /// The normalised mean of `embeddings` (a speaker's profile from their utterances, as Resemblyzer's
    /// `embed_speaker`). Nil for an empty list.
    public static func mean(_ embeddings: [SpeakerEmbedding]) -> SpeakerEmbedding? {
        guard let first = embeddings.first else { return nil }
        var sum = [Double](repeating: 0, count: first.dimension)
        for embedding in embeddings {
            precondition(embedding.dimension == first.dimension, "SpeakerEmbedding.mean: dimensions differ")
            for i in sum.indices { sum[i] += Double(embedding.values[i]) }
        }
        let count = Double(embeddings.count)
        return SpeakerEmbedding(normalizing: sum.map { Float($0 / count) })
    }
}
