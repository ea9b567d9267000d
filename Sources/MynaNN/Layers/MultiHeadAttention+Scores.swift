import MynaTensor

extension MultiHeadAttention {
    /// Attention scores before the softmax, `q_h · k_hᵀ / √headDimension`, of the heads `heads` for the queries of
    /// `x` (`[queries, d]`, batch 1) over the `length` keys of `keyValues` (batch 1): `[heads.count, queries, length]`.
    ///
    /// For inspection outside the attention itself (Whisper's word alignment reads the cross-attention of a few
    /// heads); the attention calls never compute it, so decoding pays nothing for it.
    public func scores(_ x: Tensor, keyValues: KVCache, heads: [Int]) -> Tensor {
        precondition(x.rank == 2 && keyValues.batchSize == 1 && keyValues.modelDimension == modelDimension,
                     "MultiHeadAttention.scores: input \(x.shape) must be [queries, d] over a batch-1 cache of width \(modelDimension)")
        precondition(heads.allSatisfy { (0..<headCount).contains($0) }, "MultiHeadAttention.scores: heads \(heads) out of 0..<\(headCount)")
        let q = projectQuery(x)
        let t = x.shape[0], s = keyValues.length, hd = headDimension, d = modelDimension
        let scale = 1 / Float(hd).squareRoot()
        return q.tensor.withUnsafeBufferPointer { qb in
            keyValues.keys.withUnsafeBufferPointer { kb in
                Tensor(shape: [heads.count, t, s]) { out in
                    guard t > 0, s > 0 else { return }
                    for (index, head) in heads.enumerated() {
                        // (t, hd) · (s, hd)ᵀ → (t, s), the same sgemm `attend` runs before its softmax.
                        Kernels.gemm(transposeB: true, m: t, n: s, k: hd, alpha: scale,
                                     a: qb.baseAddress! + q.offset + head * hd, lda: q.stride,
                                     b: kb.baseAddress! + head * hd, ldb: d,
                                     c: out.baseAddress! + index * t * s, ldc: s)
                    }
                }
            }
        }
    }
}
