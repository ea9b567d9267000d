import Foundation
import Testing
import MynaTensor
import MynaTestSupport

/// Unmasked attention of many query rows, fused (`Kernels.fusedAttention`): the chosen and the portable variant against
/// a Double oracle, rows independent of the rows computed beside them, and nothing outside the heads' columns written.
@Suite("Fused attention of many rows")
struct OpFusedAttentionTests {
    /// Scores float32-rounded over `w` products feed exp, whose relative error is the scores' absolute error (≈ 1e-7
    /// here): measured worst 1.6e-7 beyond 1e-5 relative on outputs of magnitude ≤ 1.
    static let tolerance: (atol: Float, rtol: Float) = (1e-6, 1e-5)

    /// Rows of q | k | v side by side (a fused QKV projection's layout) and an output with padding columns.
    struct Problem {
        var m, n, heads, w: Int
        var scale: Float
        var qkv: [Float]       // (max(m, n), 3 · heads · w + 5)
        var output0: [Float]   // (m, heads · w + 3), what the output held before
        var width: Int { heads * w }
        var stride: Int { 3 * width + 5 }
        var outputStride: Int { width + 3 }

        init(m: Int, n: Int, heads: Int, w: Int, seed: UInt64) {
            self.m = m; self.n = n; self.heads = heads; self.w = w
            var generator = SeededGenerator(seed: seed)
            let rows = Swift.max(m, n), width = heads * w
            // q and k in [−2, 2] with scale 1/√w: scores up to about ±5, a peaked softmax like a trained model's.
            scale = 1 / Float(w).squareRoot()
            qkv = (0..<(rows * (3 * width + 5))).map { index in
                let column = index % (3 * width + 5)
                return Float.random(in: -1...1, using: &generator) * (column < 2 * width ? 2 : 1)
            }
            output0 = (0..<(m * (width + 3))).map { _ in Float.random(in: -1...1, using: &generator) }
        }

        /// Rows `rows` of the kernel's output (all columns, padding included), computing query rows `rows` only.
        func run(rows: Range<Int>, portable: Bool) -> [Float] {
            var out = Array(output0[(rows.lowerBound * outputStride)..<(rows.upperBound * outputStride)])
            qkv.withUnsafeBufferPointer { all in
                out.withUnsafeMutableBufferPointer { o in
                    Kernels.fusedAttention(queryRows: rows.count, keyRows: n, heads: heads, headWidth: w, scale: scale,
                                           queries: all.baseAddress! + rows.lowerBound * stride, queryStride: stride,
                                           keys: all.baseAddress! + width, keyStride: stride,
                                           values: all.baseAddress! + 2 * width, valueStride: stride,
                                           output: o.baseAddress!, outputStride: outputStride, portable: portable)
                }
            }
            return out
        }

        /// Query row `i`, all heads, in Double: softmax(scale · q·kᵀ) · v.
        func reference(row i: Int) -> [Float] {
            var result = [Float](repeating: 0, count: width)
            qkv.withUnsafeBufferPointer { all in
                var scores = [Double](repeating: 0, count: n)
                for head in 0..<heads {
                    let q = all.baseAddress! + i * stride + head * w
                    var maximum = -Double.infinity
                    for j in 0..<n {
                        let k = all.baseAddress! + j * stride + width + head * w
                        var dot = 0.0
                        for p in 0..<w { dot += Double(q[p]) * Double(k[p]) }
                        scores[j] = dot * Double(scale)
                        maximum = Swift.max(maximum, scores[j])
                    }
                    var sum = 0.0
                    for j in 0..<n { scores[j] = exp(scores[j] - maximum); sum += scores[j] }
                    for c in 0..<w {
                        var acc = 0.0
                        for j in 0..<n { acc += scores[j] * Double(all[j * stride + 2 * width + head * w + c]) }
                        result[head * w + c] = Float(acc / sum)
                    }
                }
            }
            return result
        }
    }

    /// Both variants against the oracle, on every row or (full encoder size) on rows around the kernel's 6-row tiles,
    /// 24-row blocks and 48-row work items; padding columns keep their values.
    /// (m, n, heads, w): query rows off every multiple; keys off 16 and 8; head widths with a partial 16-column strip.
    @Test(arguments: [(37, 29, 2, 13), (30, 1500, 2, 64), (25, 7, 3, 80), (1, 1, 1, 1), (61, 100, 1, 64),
                      (97, 33, 2, 24), (1500, 1500, 6, 64)])
    func matchesDoubleReference(shape: (Int, Int, Int, Int)) {
        let (m, n, heads, w) = shape
        let problem = Problem(m: m, n: n, heads: heads, w: w, seed: UInt64(m * 7919 + n * 31 + heads * 7 + w))
        let checked = m <= 100 ? Array(0..<m) : [0, 1, 5, 6, 23, 24, 47, 48, 749, 1495, m - 1]
        let expected = checked.map { problem.reference(row: $0) }
        for portable in [false, true] {
            let out = problem.run(rows: 0..<m, portable: portable)
            for (index, i) in checked.enumerated() {
                let row = Array(out[(i * problem.outputStride)..<(i * problem.outputStride + problem.width)])
                assertClose(row, expected[index], atol: Self.tolerance.atol, rtol: Self.tolerance.rtol,
                            "row \(i) of \(shape) (portable \(portable))")
                let padding = (i * problem.outputStride + problem.width)..<((i + 1) * problem.outputStride)
                #expect(Array(out[padding]) == Array(problem.output0[padding]), "padding of row \(i) changed")
            }
        }
        #expect(["avx2-fma", "portable"].contains(Kernels.fusedAttentionPath))
    }

    /// A row's output is the same bit for bit whichever rows share the call (tiles, blocks, work items, threads).
    @Test func rowsDoNotDependOnTheirNeighbours() {
        let problem = Problem(m: 150, n: 300, heads: 2, w: 64, seed: 42)
        let stride = problem.outputStride
        for portable in [false, true] {
            let all = problem.run(rows: 0..<150, portable: portable)
            for rows in [7..<50, 49..<50, 100..<150] {
                let part = problem.run(rows: rows, portable: portable)
                #expect(part == Array(all[(rows.lowerBound * stride)..<(rows.upperBound * stride)]),
                        "rows \(rows) (portable \(portable))")
            }
        }
    }

    /// No keys: zeros (what the sgemm composition gives), padding untouched.
    @Test func noKeysGivesZeros() {
        let problem = Problem(m: 20, n: 0, heads: 2, w: 8, seed: 3)
        for portable in [false, true] {
            let out = problem.run(rows: 0..<20, portable: portable)
            for i in 0..<20 {
                let base = i * problem.outputStride
                #expect(out[base..<(base + 16)].allSatisfy { $0 == 0 })
                #expect(Array(out[(base + 16)..<(base + 19)]) == Array(problem.output0[(base + 16)..<(base + 19)]))
            }
        }
    }
}
