extension Kernels {
    /// Query rows per work item shared among threads: two of the C kernel's score blocks, so that the Whisper
    /// encoder's 1500 frames × 6 heads make 192 items (heads × row blocks) for two threads.
    static var fusedAttentionItemRows: Int { 2 * MynaCKernels.attentionBlockRows }

    /// Unmasked multi-head scaled dot-product attention of many query rows, fused. Heads are column blocks: head `h`
    /// reads columns `h·w ..< (h+1)·w` of each query, key and value row and writes the same columns of `output`:
    ///
    ///     out_h (m, w) = softmax(scale · q_h (m, w) · k_h (n, w)ᵀ) · v_h (n, w)
    ///
    /// Each head's keys and values are packed once; then each block of query rows gets its scores, exact softmax
    /// and value product while its scores are in cache, so the (m, n) scores of a head are never materialised (the
    /// sgemm composition writes and reads 6 × 1500 × 1500 floats per Whisper tiny encoder layer). Heads × row blocks
    /// are shared among `MynaThreads.count` threads (`parallelChunks`).
    ///
    /// Each output row depends on its query row, the keys and the values only: not on `m`, the thread count or
    /// which block holds it. AVX2+FMA where the CPU has it (`fusedAttentionPath`); `n == 0` writes zeros.
    /// Row strides are in floats and must be at least `heads · w` for every operand.
    /// - Parameter portable: force the portable variant (tests compare the two).
    public static func fusedAttention(queryRows m: Int, keyRows n: Int, heads: Int, headWidth w: Int, scale: Float,
                                      queries: UnsafePointer<Float>, queryStride: Int,
                                      keys: UnsafePointer<Float>, keyStride: Int,
                                      values: UnsafePointer<Float>, valueStride: Int,
                                      output: UnsafeMutablePointer<Float>, outputStride: Int, portable: Bool = false) {
        let width = heads * w
        precondition(m >= 0 && n >= 0 && heads >= 0 && w >= 0 && queryStride >= width && keyStride >= width
                     && valueStride >= width && outputStride >= width, "fusedAttention: bad extents")
        guard m > 0, heads > 0, w > 0 else { return }
        let packedPerHead = MynaCKernels.attentionPackedSize(keys: n, width: w)
        let packed = UnsafeMutablePointer<Float>.allocate(capacity: Swift.max(1, heads * packedPerHead))
        defer { packed.deallocate() }
        if n > 0 {
            parallelChunks(heads) { range in
                for head in range {
                    MynaCKernels.attentionPack(count: n, width: w, keys: keys + head * w, ldk: keyStride,
                                               values: values + head * w, ldv: valueStride,
                                               packed: packed + head * packedPerHead)
                }
            }
        }
        // Items head-major: a thread's contiguous chunk runs through whole heads, reusing each packed head from L2.
        let itemRows = fusedAttentionItemRows
        let blocks = (m + itemRows - 1) / itemRows
        let scratchCount = MynaCKernels.attentionScratchSize(keys: n, width: w)
        parallelChunks(heads * blocks) { items in
            let scratch = UnsafeMutablePointer<Float>.allocate(capacity: Swift.max(1, scratchCount))
            defer { scratch.deallocate() }
            for item in items {
                let head = item / blocks, first = (item % blocks) * itemRows
                MynaCKernels.fusedAttention(m: Swift.min(itemRows, m - first), n: n, k: w, scale: scale,
                                            q: queries + first * queryStride + head * w, ldq: queryStride,
                                            packed: packed + head * packedPerHead, scratch: scratch,
                                            out: output + first * outputStride + head * w, ldo: outputStride,
                                            portable: portable)
            }
        }
    }

    /// The variant `fusedAttention` runs on this CPU: "avx2-fma" or "portable" (report it with benchmarks).
    public static var fusedAttentionPath: String { MynaCKernels.fusedAttentionPath }
}
