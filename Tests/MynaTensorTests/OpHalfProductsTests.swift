import Testing
import MynaTensor
import MynaTestSupport

/// Half-precision weights (`HalfMatrix`, `Kernels.halfProducts`): conversions against Swift's own `Float16`, products
/// of the chosen and the portable variant against a Double oracle, each row's result independent of the rows beside
/// it (beam hypotheses batched in any number), and nothing outside C's m × n touched.
@Suite("Products with half-precision weights")
struct OpHalfProductsTests {
    /// Random binary16 values (as the Float32 the loader widens them to) spread over several binades, with a few
    /// subnormals, so that widening is tested beyond [-1, 1].
    private func halves(_ count: Int, _ generator: inout SeededGenerator) -> [Float] {
        (0..<count).map { index in
            if index % 97 == 0 { return Float(Float16(bitPattern: UInt16.random(in: 1...0x3ff, using: &generator))) }
            return Float(Float16(Float.random(in: -2...2, using: &generator)))
        }
    }

    private func random(_ count: Int, _ generator: inout SeededGenerator) -> [Float] {
        (0..<count).map { _ in Float.random(in: -1...1, using: &generator) }
    }

    /// Every one of the 65536 bit patterns widens, on both variants, to what Swift's `Float(Float16)` gives, and every
    /// non-NaN pattern narrows back to itself.
    @Test func conversionsAgreeWithSwiftFloat16OnEveryPattern() throws {
        let all = (0...UInt16.max).map { Float(Float16(bitPattern: $0)) }
        let finiteOrInfinite = all.filter { !$0.isNaN }
        for narrowPortably in [false, true] {
            let matrix = try #require(HalfMatrix(exactly: Tensor(shape: [finiteOrInfinite.count, 1], values: finiteOrInfinite),
                                                 portable: narrowPortably))
            for portable in [false, true] {
                let widened = matrix.gatherRows(Array(0..<finiteOrInfinite.count), portable: portable).values
                #expect(widened.map(\.bitPattern) == finiteOrInfinite.map(\.bitPattern),
                        "narrowed portably \(narrowPortably), widened portably \(portable)")
            }
        }
    }

    /// Values that are not binary16 (Float32 weights) are refused rather than rounded, by both variants, wherever
    /// they stand (inside a block of eight or in the remainder after the last).
    @Test(arguments: [Float(0.1), 65520, 1e-8, 1 + 1.0 / 4096, .nan])
    func refusesValuesThatAreNotHalves(value: Float) {
        for position in [2, 12] {
            var values = [Float](repeating: 0.5, count: 14)
            values[position] = value
            for portable in [false, true] {
                #expect(HalfMatrix(exactly: Tensor(shape: [2, 7], values: values), portable: portable) == nil,
                        "position \(position), portable \(portable)")
            }
        }
    }

    /// m from 1 to 7 (every row grouping: pairs and a single), n odd (a single weight row after the pairs) and large
    /// enough to spread over threads, k with and without a remainder modulo 16 (and below 16), strides wider than
    /// the rows, with and without bias.
    @Test(arguments: [(1, 37, 384, true), (5, 51, 384, false), (2, 9001, 64, true), (7, 20, 19, true), (3, 5, 8, false),
                      (4, 64, 1536, true)])
    func matchesDoubleReference(shape: (Int, Int, Int, Bool)) throws {
        let (m, n, k, withBias) = shape
        var generator = SeededGenerator(seed: UInt64(m * 10_000 + n + k))
        let lda = k + 3, ldc = n + 5
        let a = random(m * lda, &generator), weights = halves(n * k, &generator), bias = random(n, &generator)
        let c0 = random(m * ldc, &generator)
        let w = try #require(HalfMatrix(exactly: Tensor(shape: [n, k], values: weights)))
        for portable in [false, true] {
            var c = c0
            a.withUnsafeBufferPointer { a in
                bias.withUnsafeBufferPointer { b in
                    c.withUnsafeMutableBufferPointer { c in
                        Kernels.halfProducts(m: m, a: a.baseAddress!, lda: lda, w: w, bias: withBias ? b.baseAddress! : nil,
                                             c: c.baseAddress!, ldc: ldc, portable: portable)
                    }
                }
            }
            for i in 0..<m {
                for j in 0..<ldc {
                    guard j < n else {
                        #expect(c[i * ldc + j] == c0[i * ldc + j], "padding column \(j) of row \(i) changed")
                        continue
                    }
                    var expected = withBias ? Double(bias[j]) : 0, magnitude = 0.0
                    for p in 0..<k {
                        expected += Double(a[i * lda + p]) * Double(weights[j * k + p])
                        magnitude += abs(Double(a[i * lda + p]) * Double(weights[j * k + p]))
                    }
                    // Float32 summation of k products: error bounded by about log2(k) roundings of the magnitude.
                    let error = abs(Double(c[i * ldc + j]) - expected)
                    #expect(error <= 2e-7 * (magnitude + 1) * Double(k).squareRoot(),
                            "row \(i) col \(j): \(c[i * ldc + j]) vs \(expected) (portable \(portable))")
                }
            }
        }
    }

    /// Every row alone gives bit for bit what it gives among 6 others, on both variants, and `Tensor.matmul` with
    /// a binary16 weight equals the kernel.
    @Test func rowsDoNotDependOnTheirNeighbours() throws {
        let (m, n, k) = (7, 5003, 384)
        var generator = SeededGenerator(seed: 17)
        let a = random(m * k, &generator), bias = random(n, &generator)
        let w = try #require(HalfMatrix(exactly: Tensor(shape: [n, k], values: halves(n * k, &generator))))
        for portable in [false, true] {
            var together = [Float](repeating: .nan, count: m * n)
            a.withUnsafeBufferPointer { a in
                bias.withUnsafeBufferPointer { b in
                    together.withUnsafeMutableBufferPointer { c in
                        Kernels.halfProducts(m: m, a: a.baseAddress!, lda: k, w: w, bias: b.baseAddress!, c: c.baseAddress!,
                                             ldc: n, portable: portable)
                    }
                }
            }
            for i in 0..<m {
                var alone = [Float](repeating: .nan, count: n)
                a.withUnsafeBufferPointer { a in
                    bias.withUnsafeBufferPointer { b in
                        alone.withUnsafeMutableBufferPointer { c in
                            Kernels.halfProducts(m: 1, a: a.baseAddress! + i * k, lda: k, w: w, bias: b.baseAddress!,
                                                 c: c.baseAddress!, ldc: n, portable: portable)
                        }
                    }
                }
                #expect(alone == Array(together[(i * n)..<((i + 1) * n)]), "row \(i), portable \(portable)")
            }
            if !portable {
                let product = Tensor(shape: [m, k], values: a).matmul(transposedHalf: w, bias: Tensor(shape: [n], values: bias))
                #expect(product.values == together)
            }
        }
        #expect(["avx2-fma-f16c", "portable"].contains(Kernels.halfProductsPath))
    }
}
