extension Kernels {
    /// `C ← C + A·B` on the calling thread: `A` is `m × b.rows` (row stride `lda`), `C` is `m × b.columns` (`ldc`),
    /// both row-major; `B` is packed once beforehand (`PackedMatrix`).
    ///
    /// For many small products made from several threads at once (the LSTM recurrence: a few rows of `h` times
    /// `W_hhᵀ` per frame on each thread's sequences). Unlike `gemm` it never uses OpenBLAS's thread pool, so no
    /// process-wide setting has to change around it, and concurrent callers cannot slow or alter each other.
    /// Each element adds its products in ascending order to its previous value, whatever `m` is and whichever rows
    /// share the call, so a sequence gives the same result alone or in any batch. Runs an AVX2+FMA variant when the
    /// CPU has one (`accumulateProductsPath`), else a portable loop; the two differ by float rounding only.
    /// - Parameter portable: force the portable variant (tests compare the two).
    public static func accumulateProducts(m: Int, a: UnsafePointer<Float>, lda: Int, b: PackedMatrix,
                                          c: UnsafeMutablePointer<Float>, ldc: Int, portable: Bool = false) {
        precondition(m >= 0 && lda >= b.rows && ldc >= b.columns, "accumulateProducts: row stride below the row length")
        guard m > 0, b.rows > 0, b.columns > 0 else { return }
        b.values.withUnsafeBufferPointer { packed in
            MynaCKernels.accumulatePacked(m: m, n: b.columns, k: b.rows, a: a, lda: lda, packed: packed.baseAddress!,
                                          c: c, ldc: ldc, portable: portable)
        }
    }

    /// The variant `accumulateProducts` runs on this CPU: "avx2-fma" or "portable" (report it with benchmarks).
    public static var accumulateProductsPath: String { MynaCKernels.accumulatePath }
}
