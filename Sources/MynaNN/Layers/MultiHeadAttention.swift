import MynaTensor

/// Multi-head scaled dot-product attention (Vaswani et al. 2017; PyTorch `nn.MultiheadAttention` without dropout):
///
///     q, k, v = x·W_qᵀ + b_q, m·W_kᵀ + b_k, m·W_vᵀ + b_v          (m = x for self-attention)
///     head h:  softmax(q_h · k_hᵀ / √headDimension [+ causal mask]) · v_h
///     out = concat(heads) · W_oᵀ + b_o
///
/// Whisper scales q and k by `headDimension^−¼` each instead of the scores by `headDimension^−½`; the product is
/// the same up to rounding, so one scale on the scores (the sgemm's alpha) serves both.
///
/// Inputs are `[frames, modelDimension]` (batch 1) or `[batch, frames, modelDimension]`; a batch is a set of
/// independent sequences (beam hypotheses). Heads are read in place as column blocks of the projected rows, so
/// nothing is permuted. Thread-safety: immutable; share freely. Decoding state lives in a `KVCache`.
public struct MultiHeadAttention: Sendable {
    /// How the query, key and value projections are stored.
    public enum Projections: Sendable {
        /// Three `[d, d]` layers.
        case separate(query: Linear, key: Linear, value: Linear)
        /// One `[3d, d]` layer whose output rows are q, k, v side by side (CTranslate2 `self_attention/linear_0`).
        case fusedQKV(Linear)
        /// A `[d, d]` query layer and a `[2d, d]` layer giving k, v side by side (CTranslate2 cross-attention
        /// `linear_0` and `linear_1`).
        case queryAndFusedKeyValue(query: Linear, keyValue: Linear)
    }

    public let projections: Projections
    /// `[d, d]` output projection.
    public let output: Linear
    public let headCount: Int

    public init(projections: Projections, output: Linear, headCount: Int) {
        let d = output.inputFeatures
        precondition(headCount > 0 && d % headCount == 0, "MultiHeadAttention: \(headCount) heads do not divide dimension \(d)")
        switch projections {
        case let .separate(q, k, v):
            for layer in [q, k, v] {
                precondition(layer.outputFeatures == d && layer.inputFeatures == q.inputFeatures,
                             "MultiHeadAttention: projection \(layer.weight.shape) must be [\(d), \(q.inputFeatures)]")
            }
        case let .fusedQKV(qkv):
            precondition(qkv.outputFeatures == 3 * d, "MultiHeadAttention: fused QKV \(qkv.weight.shape) must be [\(3 * d), in]")
        case let .queryAndFusedKeyValue(q, kv):
            precondition(q.outputFeatures == d && kv.outputFeatures == 2 * d,
                         "MultiHeadAttention: query \(q.weight.shape) and key-value \(kv.weight.shape) must be [\(d), in] and [\(2 * d), in]")
        }
        self.projections = projections
        self.output = output
        self.headCount = headCount
    }

    /// Width of q, k, v and of the concatenated heads.
    public var modelDimension: Int { output.inputFeatures }
    /// Width of one head.
    public var headDimension: Int { modelDimension / headCount }

    /// Self-attention over `x` with no history.
    public func callAsFunction(_ x: Tensor, mask: AttentionMask = .none) -> Tensor {
        let (batch, frames) = layout(x)
        let (q, k, v) = projectAll(x.reshaped([batch * frames, x.shape[x.rank - 1]]))
        let attended = attend(batch: batch, queries: q, queryLength: frames, keys: k, values: v,
                              keyLength: frames, keyBatchStride: frames * k.stride, valueBatchStride: frames * v.stride,
                              causalOffset: mask == .causal ? 0 : nil)
        return output(attended).reshaped(Array(x.shape.dropLast()) + [output.outputFeatures])
    }

    /// Self-attention decoding step(s): projects `x`'s keys and values, appends them to `cache`, and attends over
    /// the whole cache. With `.causal`, new position `i` sees the cache plus new positions `0...i`.
    public func callAsFunction(_ x: Tensor, cache: inout KVCache, mask: AttentionMask = .causal) -> Tensor {
        let (batch, frames) = layout(x)
        precondition(cache.modelDimension == modelDimension && (cache.batchSize == batch || cache.length == 0),
                     "MultiHeadAttention: cache (batch \(cache.batchSize), width \(cache.modelDimension)) does not fit input \(x.shape)")
        if cache.batchSize != batch { cache = KVCache(batchSize: batch, modelDimension: modelDimension, capacity: cache.capacity) }
        let (q, k, v) = projectAll(x.reshaped([batch * frames, x.shape[x.rank - 1]]))
        let past = cache.length
        k.tensor.withUnsafeBufferPointer { kb in
            v.tensor.withUnsafeBufferPointer { vb in
                cache.append(newLength: frames, newKeys: kb.baseAddress! + k.offset, newValues: vb.baseAddress! + v.offset,
                             rowStride: k.stride, batchStride: frames * k.stride)
            }
        }
        let attended = attend(batch: batch, queries: q, queryLength: frames, cache: cache,
                              causalOffset: mask == .causal ? past : nil)
        return output(attended).reshaped(Array(x.shape.dropLast()) + [output.outputFeatures])
    }

    /// Cross-attention from `x` to `memory` (`[sourceFrames, d]` or `[batch, sourceFrames, d]`), no mask.
    public func callAsFunction(_ x: Tensor, memory: Tensor) -> Tensor {
        callAsFunction(x, keyValues: keyValues(memory: memory))
    }

    /// The keys and values of `memory`, projected once (Whisper projects the encoder output once per window and
    /// reuses it at every decoding step).
    public func keyValues(memory: Tensor) -> KVCache {
        let (batch, frames) = layout(memory)
        let (k, v) = projectKeyValue(memory.reshaped([batch * frames, memory.shape[memory.rank - 1]]))
        var cache = KVCache(batchSize: batch, modelDimension: modelDimension, capacity: frames)
        k.tensor.withUnsafeBufferPointer { kb in
            v.tensor.withUnsafeBufferPointer { vb in
                cache.append(newLength: frames, newKeys: kb.baseAddress! + k.offset, newValues: vb.baseAddress! + v.offset,
                             rowStride: k.stride, batchStride: frames * k.stride)
            }
        }
        return cache
    }

    /// Cross-attention from `x` to keys and values from `keyValues(memory:)`. A cache of batch 1 serves every
    /// sequence of `x` (all beam hypotheses read the same encoder output).
    public func callAsFunction(_ x: Tensor, keyValues: KVCache) -> Tensor {
        let (batch, frames) = layout(x)
        precondition(keyValues.modelDimension == modelDimension && (keyValues.batchSize == batch || keyValues.batchSize == 1),
                     "MultiHeadAttention: key-values (batch \(keyValues.batchSize)) do not fit input \(x.shape)")
        let q = projectQuery(x.reshaped([batch * frames, x.shape[x.rank - 1]]))
        let attended = attend(batch: batch, queries: q, queryLength: frames, cache: keyValues, causalOffset: nil)
        return output(attended).reshaped(Array(x.shape.dropLast()) + [output.outputFeatures])
    }

    /// `(batch, frames)` of a `[frames, d]` or `[batch, frames, d]` input.
    private func layout(_ x: Tensor) -> (Int, Int) {
        precondition(x.rank == 2 || x.rank == 3, "MultiHeadAttention: input \(x.shape) must be [frames, d] or [batch, frames, d]")
        return x.rank == 3 ? (x.shape[0], x.shape[1]) : (1, x.shape[0])
    }
}
