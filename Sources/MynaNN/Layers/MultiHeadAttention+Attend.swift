import MynaTensor
import Synchronization

extension MultiHeadAttention {
    /// Attention of `queries` over the `length` positions held in `cache`; a cache of batch 1 is shared by all.
    func attend(batch: Int, queries: StridedRows, queryLength: Int, cache: KVCache, causalOffset: Int?) -> Tensor {
        let block = cache.capacity * cache.modelDimension
        let shared = cache.batchSize == 1 && batch > 1
        return attend(batch: batch, queries: queries, queryLength: queryLength,
                      keys: StridedRows(tensor: Tensor(shape: [cache.keys.count], values: cache.keys), offset: 0,
                                        stride: cache.modelDimension),
                      values: StridedRows(tensor: Tensor(shape: [cache.values.count], values: cache.values), offset: 0,
                                          stride: cache.modelDimension),
                      keyLength: cache.length, keyBatchStride: shared ? 0 : block, valueBatchStride: shared ? 0 : block,
                      causalOffset: causalOffset)
    }

    /// The heads' attention, concatenated: `[batch · queryLength, d]`.
    ///
    /// Per batch entry and head (head h = columns `h·hd ..< (h+1)·hd` of each row):
    ///     scores (T, S) = q_h (T, hd) · k_h (S, hd)ᵀ / √hd     — sgemm, alpha = 1/√hd
    ///     probabilities = softmax over the visible keys of each row (causal: keys `0...i + causalOffset`)
    ///     out_h (T, hd) = probabilities (T, S) · v_h (S, hd)   — sgemm writing into the head's columns
    /// (for T up to `Kernels.attentionRowsMaximum`, a decoder step, the two products run on the calling thread).
    /// More rows without a mask go through `Kernels.fusedAttention` instead (unless `usesFusedKernel` is off): the
    /// same arithmetic per block of rows, without materialising the scores.
    func attend(batch: Int, queries: StridedRows, queryLength: Int, keys: StridedRows, values: StridedRows,
                keyLength: Int, keyBatchStride: Int, valueBatchStride: Int, causalOffset: Int?) -> Tensor {
        // Keys and values shared by every batch entry without a causal mask (cross-attention over one window for all
        // beam hypotheses): the entries' query rows are consecutive rows, so they go through each head's products as
        // one matrix of `batch · queryLength` rows, reading the keys and values once instead of once per entry (and
        // one sgemm instead of `batch` thread-pool sgemvs per head and decoder step).
        if batch > 1 && keyBatchStride == 0 && valueBatchStride == 0 && causalOffset == nil {
            return attend(batch: 1, queries: queries, queryLength: batch * queryLength, keys: keys, values: values,
                          keyLength: keyLength, keyBatchStride: 0, valueBatchStride: 0, causalOffset: nil)
        }
        let d = modelDimension, hd = headDimension, t = queryLength, s = keyLength
        let scale = 1 / Float(hd).squareRoot()
        return queries.tensor.withUnsafeBufferPointer { qb in
            keys.tensor.withUnsafeBufferPointer { kb in
                values.tensor.withUnsafeBufferPointer { vb in
                    Tensor(shape: [batch * t, d]) { out in
                        guard t > 0 else { return }
                        guard s > 0 else {
                            out.update(repeating: 0)
                            return
                        }
                        if causalOffset == nil && t > Kernels.attentionRowsMaximum && Self.usesFusedKernel {
                            // Many unmasked rows (the encoder's self-attention, cross-attention of a prompt): scores,
                            // softmax and value product per block of rows, never the (T, S) scores of a head.
                            for b in 0..<batch {
                                Kernels.fusedAttention(queryRows: t, keyRows: s, heads: headCount, headWidth: hd, scale: scale,
                                                       queries: qb.baseAddress! + queries.offset + b * t * queries.stride,
                                                       queryStride: queries.stride,
                                                       keys: kb.baseAddress! + keys.offset + b * keyBatchStride,
                                                       keyStride: keys.stride,
                                                       values: vb.baseAddress! + values.offset + b * valueBatchStride,
                                                       valueStride: values.stride,
                                                       output: out.baseAddress! + b * t * d, outputStride: d)
                            }
                            return
                        }
                        let scores = UnsafeMutablePointer<Float>.allocate(capacity: t * s)
                        defer { scores.deallocate() }
                        for b in 0..<batch {
                            let q = qb.baseAddress! + queries.offset + b * t * queries.stride
                            let k = kb.baseAddress! + keys.offset + b * keyBatchStride
                            let v = vb.baseAddress! + values.offset + b * valueBatchStride
                            for head in 0..<headCount {
                                let output = out.baseAddress! + b * t * d + head * hd
                                if t <= Kernels.attentionRowsMaximum {
                                    // A decoder step: on this thread (see `Kernels.attentionRowsMaximum`).
                                    Kernels.scaledRowDots(m: t, n: s, k: hd, scale: scale, a: q + head * hd,
                                                          lda: queries.stride, b: k + head * hd, ldb: keys.stride,
                                                          c: scores, ldc: s)
                                    Self.softmaxRows(scores, rows: t, columns: s, causalOffset: causalOffset)
                                    Kernels.weightedRows(m: t, n: s, k: hd, p: scores, ldp: s, b: v + head * hd,
                                                         ldb: values.stride, c: output, ldc: d)
                                    continue
                                }
                                Kernels.gemm(transposeB: true, m: t, n: s, k: hd, alpha: scale,
                                             a: q + head * hd, lda: queries.stride, b: k + head * hd, ldb: keys.stride,
                                             c: scores, ldc: s)
                                Self.softmaxRows(scores, rows: t, columns: s, causalOffset: causalOffset)
                                Kernels.gemm(m: t, n: hd, k: s, a: scores, lda: s, b: v + head * hd, ldb: values.stride,
                                             c: output, ldc: d)
                            }
                        }
                    }
                }
            }
        }
    }

    private static let fusedKernelSwitch = Atomic<Bool>(true)

    /// Whether unmasked attention of more than `Kernels.attentionRowsMaximum` query rows runs through
    /// `Kernels.fusedAttention` (the default) or through sgemm, softmax and sgemm, the composition kept for
    /// comparison (`myna-bench tensor attention-1500x384-h6-sgemm`, the Whisper benchmark's `encoder_sgemm_us`, tests).
    /// Process-wide; a change applies to calls that start after it.
    public static var usesFusedKernel: Bool {
        get { fusedKernelSwitch.load(ordering: .relaxed) }
        set { fusedKernelSwitch.store(newValue, ordering: .relaxed) }
    }

    /// Softmax of each row over its visible keys; masked keys get probability 0 (what −∞ before softmax gives).
    static func softmaxRows(_ scores: UnsafeMutablePointer<Float>, rows: Int, columns: Int, causalOffset: Int?) {
        parallelChunks(rows, minimumChunk: Swift.max(1, 32768 / columns)) { range in
            for row in range {
                let line = scores + row * columns
                let visible = causalOffset.map { Swift.min(columns, row + $0 + 1) } ?? columns
                Kernels.softmaxRows(UnsafeMutableBufferPointer(start: line, count: visible), rowLength: visible)
                if visible < columns { (line + visible).update(repeating: 0, count: columns - visible) }
            }
        }
    }
}
