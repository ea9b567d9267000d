import Testing
import MynaTensor
import MynaTestSupport

/// Float32 sgemm against float64 references: inner products of up to 96 terms of magnitude ~1 carry rounding error
/// of order √k · 2⁻²⁴ · Σ|aᵢbᵢ|, at most about 1e-5 on outputs of magnitude ~10 (measured worst: 9.5e-6 on 64×96·96×33).
private let matmulTolerance: (atol: Float, rtol: Float) = (2e-5, 1e-5)

@Suite("Matrix products (cblas sgemm / sgemv)")
struct OpMatmulTests {
    @Test(arguments: ["matmul_7x13x31", "matmul_1x13x31", "matmul_31x1x7", "matmul_64x96x33"])
    func goldenAllTransposes(_ name: String) throws {
        let a = try opGoldens.tensor(name, "a"), b = try opGoldens.tensor(name, "b")
        let aT = try opGoldens.tensor(name, "aT"), bT = try opGoldens.tensor(name, "bT")
        let expected = try opGoldens.tensor(name, "out")
        for (result, label) in [(a.matmul(b), "A·B"), (a.matmul(bT, transposingOther: true), "A·Bᵀ"),
                                (aT.matmul(b, transposingSelf: true), "Aᵀ·B"),
                                (aT.matmul(bT, transposingSelf: true, transposingOther: true), "Aᵀ·Bᵀ")] {
            #expect(result.shape == expected.shape, "\(label)")
            assertClose(result.values, expected.values, atol: matmulTolerance.atol, rtol: matmulTolerance.rtol, "\(name) \(label)")
        }
    }

    @Test func leadingAxesAreRows() throws {
        let a = try opGoldens.tensor("matmul_rows_2x3x13x5", "a")
        let b = try opGoldens.tensor("matmul_rows_2x3x13x5", "b")
        let expected = try opGoldens.tensor("matmul_rows_2x3x13x5", "out")
        let result = a.matmul(b)
        #expect(result.shape == [2, 3, 5])
        assertClose(result.values, expected.values, atol: matmulTolerance.atol, rtol: matmulTolerance.rtol)
    }

    @Test func batched() throws {
        let name = "batched_matmul_3x7x5x11"
        let a = try opGoldens.tensor(name, "a"), b = try opGoldens.tensor(name, "b")
        let bT = try opGoldens.tensor(name, "bT"), expected = try opGoldens.tensor(name, "out")
        let plain = a.batchedMatmul(b), transposed = a.batchedMatmul(bT, transposingOther: true)
        #expect(plain.shape == [3, 7, 11])
        assertClose(plain.values, expected.values, atol: matmulTolerance.atol, rtol: matmulTolerance.rtol)
        assertClose(transposed.values, expected.values, atol: matmulTolerance.atol, rtol: matmulTolerance.rtol)
        // A shared right-hand matrix equals multiplying each entry on its own.
        let shared = a.batchedMatmul(b.row(1))
        for entry in 0..<3 {
            assertClose(shared.row(entry).values, a.row(entry).matmul(b.row(1)).values, atol: 1e-6, rtol: 1e-6)
        }
    }

    /// sgemm against a triple loop on odd shapes, including the sgemv path (one row) and one column.
    @Test(arguments: [(1, 1, 1), (1, 31, 7), (13, 7, 1), (7, 13, 31), (31, 29, 37), (2, 384, 3)])
    func naiveOracle(_ shape: (Int, Int, Int)) {
        let (m, k, n) = shape
        let a = Naive.values(m * k, seed: UInt64(m * 1000 + k)), b = Naive.values(k * n, seed: UInt64(n * 7 + k))
        let expected = Naive.matmul(a, b, m: m, k: k, n: n)
        let result = Tensor(shape: [m, k], values: a).matmul(Tensor(shape: [k, n], values: b))
        assertClose(result.values, expected, atol: matmulTolerance.atol, rtol: matmulTolerance.rtol, "\(m)×\(k)·\(k)×\(n)")
    }

    /// Row strides address a block inside a wider matrix: the attention kernels rely on this to read heads in place.
    @Test func stridedKernelAccumulates() {
        let (m, k, n) = (5, 3, 4)
        let wideA = Naive.values(m * 8, seed: 1)   // [5, 8], use columns 2..<5
        let wideB = Naive.values(k * 9, seed: 2)   // [3, 9], use columns 1..<5
        let a = (0..<m).flatMap { i in (0..<k).map { wideA[i * 8 + 2 + $0] } }
        let b = (0..<k).flatMap { i in (0..<n).map { wideB[i * 9 + 1 + $0] } }
        var c = [Float](repeating: 0.5, count: m * 6)  // [5, 6], write columns 1..<5 with beta 1
        wideA.withUnsafeBufferPointer { pa in
            wideB.withUnsafeBufferPointer { pb in
                c.withUnsafeMutableBufferPointer { pc in
                    Kernels.gemm(m: m, n: n, k: k, alpha: 2, a: pa.baseAddress! + 2, lda: 8, b: pb.baseAddress! + 1, ldb: 9,
                                 beta: 1, c: pc.baseAddress! + 1, ldc: 6)
                }
            }
        }
        let product = Naive.matmul(a, b, m: m, k: k, n: n)
        for i in 0..<m {
            #expect(c[i * 6] == 0.5 && c[i * 6 + 5] == 0.5, "columns outside the block stay untouched")
            assertClose(Array(c[(i * 6 + 1)..<(i * 6 + 5)]), (0..<n).map { 0.5 + 2 * product[i * n + $0] }, atol: 1e-5)
        }
    }

    @Test func emptyInnerDimensionGivesZeros() {
        let result = Tensor(shape: [3, 0]).matmul(Tensor(shape: [0, 2]))
        #expect(result.shape == [3, 2])
        #expect(result.values == [0, 0, 0, 0, 0, 0])
    }

    @Test func gemvWithBetaZeroIgnoresGarbage() {
        let a: [Float] = [1, 2, 3, 4, 5, 6]  // [2, 3]
        let x: [Float] = [1, 0, -1]
        var y: [Float] = [.nan, .nan]
        a.withUnsafeBufferPointer { pa in
            x.withUnsafeBufferPointer { px in
                y.withUnsafeMutableBufferPointer { py in
                    Kernels.gemv(m: 2, n: 3, a: pa.baseAddress!, lda: 3, x: px.baseAddress!, y: py.baseAddress!)
                }
            }
        }
        #expect(y == [-2, -2])
    }
}

extension OpMatmulTests {
    /// Tensors start uninitialised; with beta 0 sgemm must overwrite, never scale, what was there.
    @Test func gemmWithBetaZeroIgnoresGarbage() {
        let a: [Float] = [1, 2, 3, 4, 5, 6]  // [3, 2]
        let b: [Float] = [1, -1, 0.5, 2]     // [2, 2]
        var c = [Float](repeating: .nan, count: 6)
        a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                c.withUnsafeMutableBufferPointer { pc in
                    Kernels.gemm(m: 3, n: 2, k: 2, a: pa.baseAddress!, lda: 2, b: pb.baseAddress!, ldb: 2,
                                 c: pc.baseAddress!, ldc: 2)
                }
            }
        }
        #expect(c == [2, 3, 5, 5, 8, 7])
    }
}
