internal import CBLAS

/// The one place Myna calls OpenBLAS (DESIGN.md §6: one funnel per C library).
///
/// The cblas entry points return nothing: OpenBLAS reports a bad argument by printing through `xerbla` and
/// returning without touching the output. So instead of checking a return code after the call, this funnel checks
/// every argument the reference BLAS would check before the call and traps on a violation, which is always a
/// programmer error in Myna (shapes are validated where user input enters). Extents must also fit cblas's
/// 32-bit `blasint`.
///
/// Thread-safety: OpenBLAS 0.3.x (pthread build) may be called from several threads at once; calls here do not
/// share mutable state beyond what the caller passes in.
enum OpenBLAS {
    /// `C ← alpha · op(A) · op(B) + beta · C`, row-major; `op(A)` is `m × k`, `op(B)` is `k × n`, `C` is `m × n`.
    /// Leading dimensions are row strides in elements.
    static func sgemm(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
                      alpha: Float, a: UnsafePointer<Float>, lda: Int,
                      b: UnsafePointer<Float>, ldb: Int,
                      beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int) {
        precondition(m >= 0 && n >= 0 && k >= 0, "cblas_sgemm: negative extent m \(m) n \(n) k \(k)")
        precondition(lda >= max(1, transposeA ? m : k), "cblas_sgemm: lda \(lda) too small")
        precondition(ldb >= max(1, transposeB ? k : n), "cblas_sgemm: ldb \(ldb) too small")
        precondition(ldc >= max(1, n), "cblas_sgemm: ldc \(ldc) too small")
        precondition(fitsBlasInt(m, n, k, lda, ldb, ldc), "cblas_sgemm: extent exceeds 32-bit blasint")
        if m == 0 || n == 0 { return }
        cblas_sgemm(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                    blasint(m), blasint(n), blasint(k), alpha, a, blasint(lda), b, blasint(ldb),
                    beta, c, blasint(ldc))
    }

    /// `y ← alpha · op(A) · x + beta · y`, row-major `A` of `m × n` with row stride `lda`.
    static func sgemv(transposeA: Bool, m: Int, n: Int, alpha: Float, a: UnsafePointer<Float>, lda: Int,
                      x: UnsafePointer<Float>, incx: Int, beta: Float, y: UnsafeMutablePointer<Float>, incy: Int) {
        precondition(m >= 0 && n >= 0, "cblas_sgemv: negative extent m \(m) n \(n)")
        precondition(lda >= max(1, n), "cblas_sgemv: lda \(lda) too small")
        precondition(incx != 0 && incy != 0, "cblas_sgemv: zero increment")
        precondition(fitsBlasInt(m, n, lda, abs(incx), abs(incy)), "cblas_sgemv: extent exceeds 32-bit blasint")
        if m == 0 || n == 0 { return }
        cblas_sgemv(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, blasint(m), blasint(n), alpha,
                    a, blasint(lda), x, blasint(incx), beta, y, blasint(incy))
    }

    /// Sets how many threads OpenBLAS's own pool uses for one call (`openblas_set_num_threads`).
    static func setThreadCount(_ count: Int) {
        precondition(count >= 1, "openblas_set_num_threads: \(count) threads")
        openblas_set_num_threads(Int32(clamping: count))
    }

    /// The threads OpenBLAS currently uses for one call.
    static var threadCount: Int { Int(openblas_get_num_threads()) }

    /// The name of the kernel set OpenBLAS chose when it loaded (`openblas_get_corename`).
    static var coreName: String { String(cString: openblas_get_corename()) }

    /// Processors OpenBLAS detected at start-up.
    static var processorCount: Int { max(1, Int(openblas_get_num_procs())) }

    private static func fitsBlasInt(_ values: Int...) -> Bool {
        values.allSatisfy { $0 <= Int(Int32.max) }
    }
}
