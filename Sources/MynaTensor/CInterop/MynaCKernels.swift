internal import CMynaKernels

/// The one place MynaTensor calls Myna's C kernels (`CMynaKernels`, per-ISA variants chosen once at load).
enum MynaCKernels {
    /// Columns per packed strip.

    static func packedSize(k: Int, n: Int) -> Int { myna_packed_size(k, n) }

    static func packStrips(k: Int, n: Int, b: UnsafePointer<Float>, ldb: Int, packed: UnsafeMutablePointer<Float>) {
        myna_pack_strips(k, n, b, ldb, packed)
    }

    /// `C += A·B`, B packed (see `Kernels.accumulateProducts`).
    static func accumulatePacked(m: Int, n: Int, k: Int, a: UnsafePointer<Float>, lda: Int, packed: UnsafePointer<Float>,
                                 c: UnsafeMutablePointer<Float>, ldc: Int, portable: Bool) {
        if portable {
            myna_accumulate_packed_portable(m, n, k, a, lda, packed, c, ldc)
        } else {
            myna_accumulate_packed(m, n, k, a, lda, packed, c, ldc)
        }
    }

    /// The variant chosen for this CPU ("avx2-fma" or "portable").
    static var accumulatePath: String { String(cString: myna_accumulate_packed_path()) }
}
