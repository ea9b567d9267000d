import Foundation
import Testing
import MynaTensor
import MynaTestSupport

@Suite("LSTM cell update (vector σ and tanh)")
struct OpLSTMCellUpdateTests {
    /// The update in Double with Foundation's exp and tanh: the oracle the eight-lane kernel must follow.
    private func reference(gates: [Float], cell: [Float], hiddenSize h: Int) -> (cell: [Double], hidden: [Double]) {
        func sigmoid(_ x: Float) -> Double { 1 / (1 + Foundation.exp(-Double(x))) }
        var newCell = [Double](repeating: 0, count: h), hidden = newCell
        for j in 0..<h {
            newCell[j] = sigmoid(gates[h + j]) * Double(cell[j]) + sigmoid(gates[j]) * Foundation.tanh(Double(gates[2 * h + j]))
            hidden[j] = sigmoid(gates[3 * h + j]) * Foundation.tanh(newCell[j])
        }
        return (newCell, hidden)
    }

    /// Hidden sizes with and without a tail after the eight-lane part; pre-activations from −30 to 30 (where σ and
    /// tanh saturate) and a dense middle, cells up to ±3: within 3·10⁻⁷ + 3·10⁻⁷·|value| of the Double oracle (a few
    /// float32 roundings of values up to about 4).
    @Test(arguments: [8, 11, 256])
    func matchesDoubleReference(hiddenSize h: Int) {
        var generator = SeededGenerator(seed: UInt64(h))
        for round in 0..<50 {
            let spread: Float = round % 2 == 0 ? 4 : 30
            let gates = (0..<(4 * h)).map { _ in Float.random(in: -spread...spread, using: &generator) }
            let cellBefore = (0..<h).map { _ in Float.random(in: -3...3, using: &generator) }
            var cell = cellBefore, hidden = [Float](repeating: .nan, count: h)
            gates.withUnsafeBufferPointer { g in
                cell.withUnsafeMutableBufferPointer { c in
                    hidden.withUnsafeMutableBufferPointer { out in
                        Kernels.lstmCellUpdate(gates: g.baseAddress!, cell: c.baseAddress!, hidden: out.baseAddress!, hiddenSize: h)
                    }
                }
            }
            let expected = reference(gates: gates, cell: cellBefore, hiddenSize: h)
            // Largest error in units of the allowed tolerance: at most 1.
            func worst(_ got: [Float], _ want: [Double]) -> Double {
                zip(got, want).map { abs(Double($0) - $1) / (3e-7 + 3e-7 * abs($1)) }.max()!
            }
            #expect(worst(cell, expected.cell) <= 1 && worst(hidden, expected.hidden) <= 1,
                    "H \(h) round \(round): cell \(worst(cell, expected.cell)), hidden \(worst(hidden, expected.hidden))")
        }
    }

    /// Infinite pre-activations saturate instead of giving NaN: σ(±∞) = 1, 0 and tanh(±∞) = ±1.
    @Test func saturatesAtInfinity() {
        let h = 9
        // i = +∞, f = −∞, g = +∞ or −∞ by lane, o = +∞: c′ = 0·c + 1·(±1), h′ = tanh(±1).
        let gates = [Float](repeating: .infinity, count: h) + [Float](repeating: -.infinity, count: h)
            + (0..<h).map { $0 % 2 == 0 ? Float.infinity : -.infinity } + [Float](repeating: .infinity, count: h)
        var cell = [Float](repeating: 2, count: h), hidden = [Float](repeating: .nan, count: h)
        gates.withUnsafeBufferPointer { g in
            cell.withUnsafeMutableBufferPointer { c in
                hidden.withUnsafeMutableBufferPointer { out in
                    Kernels.lstmCellUpdate(gates: g.baseAddress!, cell: c.baseAddress!, hidden: out.baseAddress!, hiddenSize: h)
                }
            }
        }
        #expect(cell == (0..<h).map { $0 % 2 == 0 ? 1 : -1 })
        for j in 0..<h { #expect(abs(Double(hidden[j]) - Foundation.tanh(Double(cell[j]))) <= 3e-7) }
    }
}
