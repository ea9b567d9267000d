extension Kernels {
    /// `y[v·ldy + r] = (accumulating ? y[v·ldy + r] : 0) + Σ_j a[r·lda + j] · x[v·ldx + j]` for `r < rows`,
    /// `v < vectorCount`: the dot products of each row of `a` with a few vectors, on the calling thread.
    ///
    /// For the matrix–vector and matrix–few-vectors products of per-step model sessions (Silero VAD's 32 ms steps,
    /// batch-1 LSTM cells), where sgemm/sgemv are limited by call and thread-pool overhead rather than arithmetic:
    /// OpenBLAS hands products above ~10⁴–10⁵ multiply-adds to its thread pool, which costs more than the work itself
    /// at these sizes (and much more when the cores are busy). Eight lanes at a time, each row's terms summed in the
    /// same order for every vector; allocates nothing.
    public static func rowDots(rows: Int, length: Int, a: UnsafePointer<Float>, lda: Int,
                               vectorCount: Int, x: UnsafePointer<Float>, ldx: Int,
                               y: UnsafeMutablePointer<Float>, ldy: Int, accumulating: Bool = false) {
        precondition(vectorCount >= 0 && rows >= 0 && length >= 0, "Kernels.rowDots: negative extent")
        let vectorLength = length / 8 * 8
        var v = 0
        // Four vectors at a time share each load of a row.
        while v + 4 <= vectorCount {
            let x0 = UnsafeRawPointer(x + v * ldx), x1 = UnsafeRawPointer(x + (v + 1) * ldx)
            let x2 = UnsafeRawPointer(x + (v + 2) * ldx), x3 = UnsafeRawPointer(x + (v + 3) * ldx)
            for r in 0..<rows {
                let row = a + r * lda, raw = UnsafeRawPointer(row)
                var s0 = SIMD8<Float>(), s1 = SIMD8<Float>(), s2 = SIMD8<Float>(), s3 = SIMD8<Float>()
                var j = 0
                while j < vectorLength {
                    let w = raw.loadUnaligned(fromByteOffset: 4 * j, as: SIMD8<Float>.self)
                    s0 += w * x0.loadUnaligned(fromByteOffset: 4 * j, as: SIMD8<Float>.self)
                    s1 += w * x1.loadUnaligned(fromByteOffset: 4 * j, as: SIMD8<Float>.self)
                    s2 += w * x2.loadUnaligned(fromByteOffset: 4 * j, as: SIMD8<Float>.self)
                    s3 += w * x3.loadUnaligned(fromByteOffset: 4 * j, as: SIMD8<Float>.self)
                    j += 8
                }
                var t0 = s0.sum(), t1 = s1.sum(), t2 = s2.sum(), t3 = s3.sum()
                let p0 = x + v * ldx, p1 = p0 + ldx, p2 = p1 + ldx, p3 = p2 + ldx
                while j < length {
                    let w = row[j]
                    t0 += w * p0[j]; t1 += w * p1[j]; t2 += w * p2[j]; t3 += w * p3[j]
                    j += 1
                }
                store(t0, y + v * ldy + r, accumulating)
                store(t1, y + (v + 1) * ldy + r, accumulating)
                store(t2, y + (v + 2) * ldy + r, accumulating)
                store(t3, y + (v + 3) * ldy + r, accumulating)
            }
            v += 4
        }
        // Remaining vectors one at a time, four rows at once so that four sums are in flight.
        while v < vectorCount {
            let vector = x + v * ldx, xv = UnsafeRawPointer(vector)
            var r = 0
            while r < rows {
                let block = min(4, rows - r)
                let r0 = a + r * lda
                let r1 = a + (r + min(1, block - 1)) * lda, r2 = a + (r + min(2, block - 1)) * lda
                let r3 = a + (r + min(3, block - 1)) * lda
                var s0 = SIMD8<Float>(), s1 = SIMD8<Float>(), s2 = SIMD8<Float>(), s3 = SIMD8<Float>()
                var j = 0
                while j < vectorLength {
                    let xj = xv.loadUnaligned(fromByteOffset: 4 * j, as: SIMD8<Float>.self)
                    s0 += UnsafeRawPointer(r0).loadUnaligned(fromByteOffset: 4 * j, as: SIMD8<Float>.self) * xj
                    s1 += UnsafeRawPointer(r1).loadUnaligned(fromByteOffset: 4 * j, as: SIMD8<Float>.self) * xj
                    s2 += UnsafeRawPointer(r2).loadUnaligned(fromByteOffset: 4 * j, as: SIMD8<Float>.self) * xj
                    s3 += UnsafeRawPointer(r3).loadUnaligned(fromByteOffset: 4 * j, as: SIMD8<Float>.self) * xj
                    j += 8
                }
                var sums = (s0.sum(), s1.sum(), s2.sum(), s3.sum())
                while j < length {
                    let xj = vector[j]
                    sums.0 += r0[j] * xj; sums.1 += r1[j] * xj; sums.2 += r2[j] * xj; sums.3 += r3[j] * xj
                    j += 1
                }
                let out = y + v * ldy + r
                store(sums.0, out, accumulating)
                if block > 1 { store(sums.1, out + 1, accumulating) }
                if block > 2 { store(sums.2, out + 2, accumulating) }
                if block > 3 { store(sums.3, out + 3, accumulating) }
                r += block
            }
            v += 1
        }
    }

    @inline(__always)
    private static func store(_ value: Float, _ target: UnsafeMutablePointer<Float>, _ accumulating: Bool) {
        target.pointee = accumulating ? target.pointee + value : value
    }
}
