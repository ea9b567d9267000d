/// Which keys each query may see in `MultiHeadAttention`.
public enum AttentionMask: Sendable, Equatable {
    /// Every query sees every key.
    case none
    /// Query at absolute position `p` sees keys at positions `0...p` (decoder self-attention). With a cache holding
    /// `n` positions, the new queries are positions `n, n+1, …`.
    case causal
}
