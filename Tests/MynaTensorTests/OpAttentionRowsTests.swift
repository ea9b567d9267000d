import Testing
import MynaTensor
import MynaTestSupport

/// The decoder step's attention products on the calling thread (`Kernels.scaledRowDots`, `Kernels.weightedRows`):
/// the chosen and the portable variant against a Double oracle, rows independent of their neighbours, and nothing
/// outside the written block touched.
@Suite("Attention products of a few rows")
struct OpAttentionRowsTests {
    private func random(_ count: Int, _ generator: inout SeededGenerator) -> [Float] {
        (0..<count).map { _ in Float.random(in: -1...1, using: &generator) }
    }

    /// m: a step's rows (1, 5 beams, odd and even); n: keys (odd, a full encoder window); k: head widths with and
    /// without a remainder modulo 16 and 8.
    @Test(arguments: [(1, 1500, 64), (5, 7, 64), (3, 33, 19), (2, 448, 80), (7, 5, 4)])
    func scoresMatchDoubleReference(shape: (Int, Int, Int)) {
        let (m, n, k) = shape
        var generator = SeededGenerator(seed: UInt64(m * 7919 + n * 31 + k))
        let lda = k + 5, ldb = k + 3, ldc = n + 2, scale: Float = 0.125
        let a = random(m * lda, &generator), b = random(n * ldb, &generator), c0 = random(m * ldc, &generator)
        var byVariant: [[Float]] = []
        for portable in [false, true] {
            var c = c0
            a.withUnsafeBufferPointer { a in
                b.withUnsafeBufferPointer { b in
                    c.withUnsafeMutableBufferPointer { c in
                        Kernels.scaledRowDots(m: m, n: n, k: k, scale: scale, a: a.baseAddress!, lda: lda, b: b.baseAddress!,
                                              ldb: ldb, c: c.baseAddress!, ldc: ldc, portable: portable)
                    }
                }
            }
            for i in 0..<m {
                for j in 0..<ldc {
                    guard j < n else {
                        #expect(c[i * ldc + j] == c0[i * ldc + j], "padding column \(j) of row \(i) changed")
                        continue
                    }
                    var expected = 0.0
                    for p in 0..<k { expected += Double(a[i * lda + p]) * Double(b[j * ldb + p]) }
                    expected *= Double(scale)
                    #expect(abs(Double(c[i * ldc + j]) - expected) <= 1e-6 * Double(k).squareRoot(),
                            "row \(i) key \(j): \(c[i * ldc + j]) vs \(expected) (portable \(portable))")
                }
            }
            byVariant.append(c)
        }
        // Each row alone gives what it gives among the others (beam hypotheses batched in any number).
        for i in 0..<m {
            var alone = [Float](repeating: 0, count: n)
            a.withUnsafeBufferPointer { a in
                b.withUnsafeBufferPointer { b in
                    alone.withUnsafeMutableBufferPointer { c in
                        Kernels.scaledRowDots(m: 1, n: n, k: k, scale: scale, a: a.baseAddress! + i * lda, lda: lda,
                                              b: b.baseAddress!, ldb: ldb, c: c.baseAddress!, ldc: n)
                    }
                }
            }
            #expect(alone == Array(byVariant[0][(i * ldc)..<(i * ldc + n)]), "row \(i)")
        }
    }

    /// Probabilities (rows summing to 1, as softmax gives) times value rows, widths around the 32- and 8-column blocks.
    @Test(arguments: [(1, 1500, 64), (5, 9, 64), (3, 448, 43), (2, 4, 7), (6, 100, 8)])
    func weightedRowsMatchDoubleReference(shape: (Int, Int, Int)) {
        let (m, n, k) = shape
        var generator = SeededGenerator(seed: UInt64(m * 104_729 + n * 17 + k))
        let ldp = n + 1, ldb = k + 4, ldc = k + 6
        var p = (0..<(m * ldp)).map { _ in Float.random(in: 0...1, using: &generator) }
        for i in 0..<m {
            let total = p[(i * ldp)..<(i * ldp + n)].reduce(0, +)
            for j in 0..<n { p[i * ldp + j] /= total }
        }
        let b = random(n * ldb, &generator), c0 = random(m * ldc, &generator)
        for portable in [false, true] {
            var c = c0
            p.withUnsafeBufferPointer { p in
                b.withUnsafeBufferPointer { b in
                    c.withUnsafeMutableBufferPointer { c in
                        Kernels.weightedRows(m: m, n: n, k: k, p: p.baseAddress!, ldp: ldp, b: b.baseAddress!, ldb: ldb,
                                             c: c.baseAddress!, ldc: ldc, portable: portable)
                    }
                }
            }
            for i in 0..<m {
                for col in 0..<ldc {
                    guard col < k else {
                        #expect(c[i * ldc + col] == c0[i * ldc + col], "padding column \(col) of row \(i) changed")
                        continue
                    }
                    var expected = 0.0
                    for j in 0..<n { expected += Double(p[i * ldp + j]) * Double(b[j * ldb + col]) }
                    #expect(abs(Double(c[i * ldc + col]) - expected) <= 1e-6 * Double(n).squareRoot(),
                            "row \(i) column \(col): \(c[i * ldc + col]) vs \(expected) (portable \(portable))")
                }
            }
        }
        #expect(["avx2-fma", "portable"].contains(Kernels.attentionRowsPath))
    }
}
