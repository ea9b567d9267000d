extension Kernels {
    /// Weight rows a chunk of `halfProducts` takes at least when it spreads over threads: below that (a 384 × 384
    /// decoder projection is 295 KB of binary16) waking a second thread costs about what it saves.
    static let halfProductsMinimumRowsPerThread = 4096

    /// `C ← A·Wᵀ + bias`: `m` rows of `A` (`w.columns` long, row stride `lda`) times the transpose of the binary16
    /// matrix `w` (`w.rows × w.columns`), into `C` (`m × w.rows`, row stride `ldc`; previous contents ignored).
    /// `bias` has `w.rows` elements, or is nil.
    ///
    /// The decoder-step product: W streams from memory once for all `m` rows (beam hypotheses) and is widened in
    /// registers (F16C), so a step reads half the bytes of a Float32 sgemv. Large W (the vocabulary projection) is
    /// split by weight rows over `MynaThreads.count` threads of Myna's own (never OpenBLAS's pool). Each element is
    /// summed in one fixed order whatever `m` and the split are, so a row's result does not depend on its
    /// neighbours; the AVX2 variant (`halfProductsPath`) fuses multiply and add where the portable one rounds twice.
    /// - Parameter portable: force the portable variant (tests compare the two).
    public static func halfProducts(m: Int, a: UnsafePointer<Float>, lda: Int, w: HalfMatrix, bias: UnsafePointer<Float>?,
                                    c: UnsafeMutablePointer<Float>, ldc: Int, portable: Bool = false) {
        precondition(m >= 0 && lda >= w.columns && ldc >= w.rows, "halfProducts: row stride below the row length")
        guard m > 0, w.rows > 0 else { return }
        let (n, k) = (w.rows, w.columns)
        w.bits.withUnsafeBufferPointer { bits in
            let weights = bits.baseAddress!
            parallelChunks(n, minimumChunk: halfProductsMinimumRowsPerThread) { range in
                MynaCKernels.halfProducts(m: m, n: range.count, k: k, a: a, lda: lda, w: weights + range.lowerBound * k,
                                          bias: bias.map { $0 + range.lowerBound }, c: c + range.lowerBound, ldc: ldc,
                                          portable: portable)
            }
        }
    }

    /// Widens `count` binary16 values (little-endian bit patterns at `half`, any byte alignment) into `out`, exactly:
    /// F16C eight at a time where the CPU has it (weight files stored in float16 are widened at load).
    public static func widenHalf(count: Int, half: UnsafeRawPointer, into out: UnsafeMutablePointer<Float>) {
        guard count > 0 else { return }
        MynaCKernels.widenHalf(count: count, half: half.assumingMemoryBound(to: UInt16.self), out: out, portable: false)
    }

    /// The variant `halfProducts` runs on this CPU: "avx2-fma-f16c" or "portable" (report it with benchmarks).
    public static var halfProductsPath: String { MynaCKernels.halfProductsPath }
}

extension Tensor {
    /// `self · wᵀ (+ bias)` with a binary16 weight `w` (`[n, k]`): `self` is `[..., k]`, the result `[..., n]`, its
    /// leading axes rows (beam hypotheses) that share one pass over `w` (`Kernels.halfProducts`).
    public func matmul(transposedHalf w: HalfMatrix, bias: Tensor? = nil) -> Tensor {
        precondition(rank >= 1 && shape[rank - 1] == w.columns,
                     "Tensor.matmul: shape \(shape) and binary16 [\(w.rows), \(w.columns)]ᵀ do not multiply")
        if let bias { precondition(bias.shape == [w.rows], "Tensor.matmul: bias \(bias.shape) must be [\(w.rows)]") }
        let m = count / Swift.max(w.columns, 1)
        let outputShape = Array(shape.dropLast()) + [w.rows]
        if m == 0 || w.rows == 0 { return Tensor(shape: outputShape) }
        if w.columns == 0 { return bias.map { b in Tensor(shape: outputShape, values: (0..<m).flatMap { _ in b.values }) } ?? Tensor(shape: outputShape) }
        return withUnsafeBufferPointer { a in
            Tensor(shape: outputShape) { c in
                if let bias {
                    bias.withUnsafeBufferPointer { b in
                        Kernels.halfProducts(m: m, a: a.baseAddress!, lda: w.columns, w: w, bias: b.baseAddress!,
                                             c: c.baseAddress!, ldc: w.rows)
                    }
                } else {
                    Kernels.halfProducts(m: m, a: a.baseAddress!, lda: w.columns, w: w, bias: nil,
                                         c: c.baseAddress!, ldc: w.rows)
                }
            }
        }
    }
}
