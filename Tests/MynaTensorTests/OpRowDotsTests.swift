import MynaTensor
import Testing

/// `Kernels.rowDots` against the triple-loop oracle, over the shapes Silero VAD's session uses and odd ones.
@Suite("Row dot products (small matrix · few vectors)")
struct OpRowDotsTests {
    @Test(arguments: [(258, 256, 4), (128, 387, 4), (64, 384, 2), (64, 192, 1), (512, 128, 1), (7, 13, 3), (1, 1, 5), (5, 0, 2)])
    func againstNaive(rows: Int, length: Int, vectors: Int) {
        var seed: UInt32 = 12345
        func value() -> Float { seed = seed &* 1_664_525 &+ 1_013_904_223; return Float(seed >> 8) / Float(1 << 23) - 1 }
        let lda = length + 3, ldx = length + 1, ldy = rows + 2
        let a = (0..<(rows * lda)).map { _ in value() }
        let x = (0..<(vectors * ldx)).map { _ in value() }
        let initial = (0..<(vectors * ldy)).map { _ in value() }
        for accumulating in [false, true] {
            var y = initial
            a.withUnsafeBufferPointer { a in
                x.withUnsafeBufferPointer { x in
                    y.withUnsafeMutableBufferPointer { y in
                        Kernels.rowDots(rows: rows, length: length, a: a.baseAddress!, lda: lda, vectorCount: vectors,
                                        x: x.baseAddress!, ldx: ldx, y: y.baseAddress!, ldy: ldy, accumulating: accumulating)
                    }
                }
            }
            for v in 0..<vectors {
                for r in 0..<ldy {
                    guard r < rows else {
                        #expect(y[v * ldy + r] == initial[v * ldy + r], "padding between vectors is left alone")
                        continue
                    }
                    var sum = accumulating ? Double(initial[v * ldy + r]) : 0
                    for j in 0..<length { sum += Double(a[r * lda + j]) * Double(x[v * ldx + j]) }
                    // Float32 sums of up to 387 terms of magnitude ≤ 1.
                    #expect(abs(Double(y[v * ldy + r]) - sum) <= 2e-5 * max(1, Double(length).squareRoot()), "\(rows)×\(length)·\(vectors) [\(v), \(r)]")
                }
            }
        }
    }
}
