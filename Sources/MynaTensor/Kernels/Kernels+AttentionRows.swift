extension Kernels {
    /// Query rows up to which attention's products run on the calling thread (`scaledRowDots`, `weightedRows`)
    /// instead of sgemm: a decoder step's rows (one per beam hypothesis). OpenBLAS hands products of more than about
    /// 10⁴ multiply-adds (one head's scores over 1500 encoder frames) to its thread pool, whose worker then spins
    /// between the hundreds of such products of a step, taking a core from whatever else runs.
    public static let attentionRowsMaximum = 16

    /// `c[i·ldc + j] = scale · Σ_p a[i·lda + p] · b[j·ldb + p]` for `i < m`, `j < n`, `p < k`: scores of `m` query rows
    /// against `n` key rows, on the calling thread. Each element is summed in one fixed order whatever `m` is, so a
    /// row's scores do not depend on the rows beside it. AVX2+FMA where the CPU has it (`attentionRowsPath`).
    /// - Parameter portable: force the portable variant (tests compare the two).
    public static func scaledRowDots(m: Int, n: Int, k: Int, scale: Float, a: UnsafePointer<Float>, lda: Int,
                                     b: UnsafePointer<Float>, ldb: Int, c: UnsafeMutablePointer<Float>, ldc: Int,
                                     portable: Bool = false) {
        precondition(m >= 0 && n >= 0 && k >= 0 && lda >= k && ldb >= k && ldc >= n, "scaledRowDots: bad extents")
        MynaCKernels.scaledRowDots(m: m, n: n, k: k, scale: scale, a: a, lda: lda, b: b, ldb: ldb, c: c, ldc: ldc,
                                   portable: portable)
    }

    /// `c[i·ldc + col] = Σ_j p[i·ldp + j] · b[j·ldb + col]` for `i < m`, `j < n` (ascending), `col < k`: attention
    /// probabilities times value rows, on the calling thread; `c`'s previous contents are ignored.
    /// - Parameter portable: force the portable variant (tests compare the two).
    public static func weightedRows(m: Int, n: Int, k: Int, p: UnsafePointer<Float>, ldp: Int, b: UnsafePointer<Float>,
                                    ldb: Int, c: UnsafeMutablePointer<Float>, ldc: Int, portable: Bool = false) {
        precondition(m >= 0 && n >= 0 && k >= 0 && ldp >= n && ldb >= k && ldc >= k, "weightedRows: bad extents")
        MynaCKernels.weightedRows(m: m, n: n, k: k, p: p, ldp: ldp, b: b, ldb: ldb, c: c, ldc: ldc, portable: portable)
    }

    /// The variant `scaledRowDots` and `weightedRows` run on this CPU: "avx2-fma" or "portable".
    public static var attentionRowsPath: String { MynaCKernels.attentionRowsPath }
}
