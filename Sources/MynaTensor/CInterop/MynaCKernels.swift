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

extension MynaCKernels {
    /// `C = A·Wᵀ + bias` with W in binary16 (see `Kernels.halfProducts`).
    static func halfProducts(m: Int, n: Int, k: Int, a: UnsafePointer<Float>, lda: Int, w: UnsafePointer<UInt16>,
                             bias: UnsafePointer<Float>?, c: UnsafeMutablePointer<Float>, ldc: Int, portable: Bool) {
        if portable {
            myna_half_products_portable(m, n, k, a, lda, w, bias, c, ldc)
        } else {
            myna_half_products(m, n, k, a, lda, w, bias, c, ldc)
        }
    }

    /// The variant chosen for this CPU ("avx2-fma-f16c" or "portable").
    static var halfProductsPath: String { String(cString: myna_half_products_path()) }

    static func widenHalf(count: Int, half: UnsafePointer<UInt16>, out: UnsafeMutablePointer<Float>, portable: Bool) {
        if portable { myna_widen_half_portable(count, half, out) } else { myna_widen_half(count, half, out) }
    }

    /// True when every value was exactly a binary16 and `out` holds them all.
    static func narrowHalfExactly(count: Int, values: UnsafePointer<Float>, out: UnsafeMutablePointer<UInt16>,
                                  portable: Bool) -> Bool {
        (portable ? myna_narrow_half_exactly_portable(count, values, out) : myna_narrow_half_exactly(count, values, out)) != 0
    }
}

extension MynaCKernels {
    static func scaledRowDots(m: Int, n: Int, k: Int, scale: Float, a: UnsafePointer<Float>, lda: Int,
                              b: UnsafePointer<Float>, ldb: Int, c: UnsafeMutablePointer<Float>, ldc: Int, portable: Bool) {
        if portable {
            myna_scaled_row_dots_portable(m, n, k, scale, a, lda, b, ldb, c, ldc)
        } else {
            myna_scaled_row_dots(m, n, k, scale, a, lda, b, ldb, c, ldc)
        }
    }

    static func weightedRows(m: Int, n: Int, k: Int, p: UnsafePointer<Float>, ldp: Int, b: UnsafePointer<Float>, ldb: Int,
                             c: UnsafeMutablePointer<Float>, ldc: Int, portable: Bool) {
        if portable {
            myna_weighted_rows_portable(m, n, k, p, ldp, b, ldb, c, ldc)
        } else {
            myna_weighted_rows(m, n, k, p, ldp, b, ldb, c, ldc)
        }
    }

    static var attentionRowsPath: String { String(cString: myna_attention_rows_path()) }
}

extension MynaCKernels {
    /// Query rows whose scores one `fusedAttention` call holds at once.
    static var attentionBlockRows: Int { Int(MYNA_ATTENTION_BLOCK_ROWS) }

    static func attentionPackedSize(keys n: Int, width k: Int) -> Int { myna_attention_packed_size(n, k) }

    static func attentionScratchSize(keys n: Int, width k: Int) -> Int { myna_attention_scratch_size(n, k) }

    /// Packs one head's keys and values (see `myna_attention_pack`).
    static func attentionPack(count n: Int, width k: Int, keys: UnsafePointer<Float>, ldk: Int, values: UnsafePointer<Float>,
                              ldv: Int, packed: UnsafeMutablePointer<Float>) {
        myna_attention_pack(n, k, keys, ldk, values, ldv, packed)
    }

    /// One head's unmasked attention of `m` query rows over packed keys and values (see `Kernels.fusedAttention`).
    static func fusedAttention(m: Int, n: Int, k: Int, scale: Float, q: UnsafePointer<Float>, ldq: Int,
                               packed: UnsafePointer<Float>, scratch: UnsafeMutablePointer<Float>,
                               out: UnsafeMutablePointer<Float>, ldo: Int, portable: Bool) {
        if portable {
            myna_fused_attention_portable(m, n, k, scale, q, ldq, packed, scratch, out, ldo)
        } else {
            myna_fused_attention(m, n, k, scale, q, ldq, packed, scratch, out, ldo)
        }
    }

    /// The variant chosen for this CPU ("avx2-fma" or "portable").
    static var fusedAttentionPath: String { String(cString: myna_fused_attention_path()) }
}
