import Foundation
import Testing
import MynaTensor
import MynaTestSupport

/// `Kernels.accumulateProducts` (C += A·B with B packed in 16-column strips, on the calling thread): the chosen
/// variant and the portable one against a Double oracle, each row's result independent of the rows beside it (the
/// LSTM splits its sequences across threads in any way), and nothing outside C's m × n touched.
@Suite("Accumulated products on packed strips")
struct OpAccumulateProductsTests {
    private func random(_ count: Int, _ generator: inout SeededGenerator) -> [Float] {
        (0..<count).map { _ in Float.random(in: -1...1, using: &generator) }
    }

    /// m from 1 to 13 (every row grouping of the AVX2 path: 6, 4, 2, 1), n with and without a partial strip, row
    /// strides wider than the rows.
    @Test(arguments: [(1, 64, 32), (4, 1024, 256), (7, 40, 9), (13, 17, 33), (6, 16, 1)])
    func matchesDoubleReference(shape: (Int, Int, Int)) {
        let (m, n, k) = shape
        var generator = SeededGenerator(seed: UInt64(m * 1000 + n))
        let lda = k + 3, ldc = n + 5
        let a = random(m * lda, &generator), bValues = random(k * n, &generator), c0 = random(m * ldc, &generator)
        let b = PackedMatrix(Tensor(shape: [k, n], values: bValues))
        for portable in [false, true] {
            var c = c0
            a.withUnsafeBufferPointer { a in
                c.withUnsafeMutableBufferPointer { c in
                    Kernels.accumulateProducts(m: m, a: a.baseAddress!, lda: lda, b: b, c: c.baseAddress!, ldc: ldc, portable: portable)
                }
            }
            for i in 0..<m {
                for j in 0..<ldc {
                    guard j < n else {
                        #expect(c[i * ldc + j] == c0[i * ldc + j], "padding column \(j) of row \(i) changed")
                        continue
                    }
                    var expected = Double(c0[i * ldc + j])
                    for p in 0..<k { expected += Double(a[i * lda + p]) * Double(bValues[p * n + j]) }
                    let error = abs(Double(c[i * ldc + j]) - expected)
                    #expect(error <= 1e-5 * Double(k).squareRoot() * 4, "row \(i) col \(j): \(c[i * ldc + j]) vs \(expected) (portable \(portable))")
                }
            }
        }
    }

    /// Every row alone gives bit for bit what it gives among 11 others.
    @Test func rowsDoNotDependOnTheirNeighbours() {
        let (m, n, k) = (11, 1024, 256)
        var generator = SeededGenerator(seed: 5)
        let a = random(m * k, &generator), c0 = random(m * n, &generator)
        let b = PackedMatrix(Tensor(shape: [k, n], values: random(k * n, &generator)))
        var together = c0
        a.withUnsafeBufferPointer { a in
            together.withUnsafeMutableBufferPointer { c in
                Kernels.accumulateProducts(m: m, a: a.baseAddress!, lda: k, b: b, c: c.baseAddress!, ldc: n)
            }
        }
        for i in 0..<m {
            var alone = Array(c0[(i * n)..<((i + 1) * n)])
            a.withUnsafeBufferPointer { a in
                alone.withUnsafeMutableBufferPointer { c in
                    Kernels.accumulateProducts(m: 1, a: a.baseAddress! + i * k, lda: k, b: b, c: c.baseAddress!, ldc: n)
                }
            }
            #expect(alone == Array(together[(i * n)..<((i + 1) * n)]), "row \(i)")
        }
        #expect(["avx2-fma", "portable"].contains(Kernels.accumulateProductsPath))
    }
}
