extension Kernels {
    /// `C ← alpha · op(A) · op(B) + beta · C` on row-major matrices through OpenBLAS `cblas_sgemm`
    /// (`cblas_sgemv` when `m == 1`, which OpenBLAS's sgemm does not special-case as well).
    ///
    /// - `op(A)` is `m × k`: stored `m × k` with row stride `lda`, or `k × m` when `transposeA`.
    /// - `op(B)` is `k × n`: stored `k × n` with row stride `ldb`, or `n × k` when `transposeB`.
    /// - `C` is `m × n` with row stride `ldc`. With `beta == 0`, C's previous contents are ignored (may be garbage).
    /// Row strides let a caller address one head's columns inside a wider matrix without copying.
    public static func gemm(transposeA: Bool = false, transposeB: Bool = false, m: Int, n: Int, k: Int,
                            alpha: Float = 1, a: UnsafePointer<Float>, lda: Int,
                            b: UnsafePointer<Float>, ldb: Int,
                            beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int) {
        if m == 0 || n == 0 { return }
        if k == 0 {
            // BLAS leaves C untouched only when beta == 1; scale explicitly so garbage with beta == 0 is cleared.
            for row in 0..<m {
                let line = c + row * ldc
                for column in 0..<n { line[column] = beta == 0 ? 0 : beta * line[column] }
            }
            return
        }
        if m == 1 && !transposeA {
            // sgemv scales y by beta first; clear it so garbage (NaN · 0) cannot survive a beta of 0.
            if beta == 0 { c.update(repeating: 0, count: n) }
            // y (n) = op(B) (k×n)ᵀ-as-stored · a (k): B stored n×k → y = B·a; stored k×n → y = Bᵀ·a.
            if transposeB {
                OpenBLAS.sgemv(transposeA: false, m: n, n: k, alpha: alpha, a: b, lda: ldb,
                               x: a, incx: 1, beta: beta, y: c, incy: 1)
            } else {
                OpenBLAS.sgemv(transposeA: true, m: k, n: n, alpha: alpha, a: b, lda: ldb,
                               x: a, incx: 1, beta: beta, y: c, incy: 1)
            }
            return
        }
        OpenBLAS.sgemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k,
                       alpha: alpha, a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc)
    }

    /// `y ← alpha · op(A) · x + beta · y` through `cblas_sgemv`; `A` is stored `m × n` with row stride `lda`,
    /// `op(A)` is `A` (`y` has `m` elements) or `Aᵀ` when `transposeA` (`y` has `n` elements).
    public static func gemv(transposeA: Bool = false, m: Int, n: Int, alpha: Float = 1,
                            a: UnsafePointer<Float>, lda: Int, x: UnsafePointer<Float>,
                            beta: Float = 0, y: UnsafeMutablePointer<Float>) {
        if beta == 0 { y.update(repeating: 0, count: transposeA ? n : m) }
        OpenBLAS.sgemv(transposeA: transposeA, m: m, n: n, alpha: alpha, a: a, lda: lda,
                       x: x, incx: 1, beta: beta, y: y, incy: 1)
    }
}
