extension Kernels {
    /// One LSTM cell update of one sequence, after the gate pre-activations are summed (PyTorch gate order i, f, g, o):
    ///
    ///     c ← σ(f)·c + σ(i)·tanh(g);  h ← σ(o)·tanh(c)
    ///
    /// - gates: `4·hiddenSize` pre-activations (read only); cell, hidden: `hiddenSize` each, updated in place.
    ///
    /// Eight lanes at a time with the vector `exp`: σ(x) = 1 / (1 + e^(−x)) and tanh(x) = 1 − 2 / (e^(2x) + 1), both
    /// within about 3·10⁻⁷ of the exact values (absolute) and saturating cleanly at ±∞; the tail goes through glibc's
    /// exp with the same formulas. This is the recurrence's only non-BLAS work, once per sequence per frame per layer,
    /// where glibc's scalar expf/tanhf took as long as the matrix product itself.
    public static func lstmCellUpdate(gates: UnsafePointer<Float>, cell: UnsafeMutablePointer<Float>,
                                      hidden: UnsafeMutablePointer<Float>, hiddenSize h: Int) {
        let g = UnsafeRawPointer(gates), c = UnsafeMutableRawPointer(cell), out = UnsafeMutableRawPointer(hidden)
        let one = SIMD8<Float>(repeating: 1), two = SIMD8<Float>(repeating: 2)
        var j = 0
        while j + 8 <= h {
            let offset = 4 * j, stride = 4 * h
            let input = one / (one + gateExp(-g.loadUnaligned(fromByteOffset: offset, as: SIMD8<Float>.self)))
            let forget = one / (one + gateExp(-g.loadUnaligned(fromByteOffset: stride + offset, as: SIMD8<Float>.self)))
            let candidate = one - two / (gateExp(two * g.loadUnaligned(fromByteOffset: 2 * stride + offset, as: SIMD8<Float>.self)) + one)
            let output = one / (one + gateExp(-g.loadUnaligned(fromByteOffset: 3 * stride + offset, as: SIMD8<Float>.self)))
            let newCell = forget * c.loadUnaligned(fromByteOffset: offset, as: SIMD8<Float>.self) + input * candidate
            c.storeBytes(of: newCell, toByteOffset: offset, as: SIMD8<Float>.self)
            let squashed = one - two / (gateExp(two * newCell) + one)
            out.storeBytes(of: output * squashed, toByteOffset: offset, as: SIMD8<Float>.self)
            j += 8
        }
        while j < h {
            let input = 1 / (1 + LibM.exp(-gates[j])), forget = 1 / (1 + LibM.exp(-gates[h + j]))
            let candidate = 1 - 2 / (LibM.exp(2 * gates[2 * h + j]) + 1)
            let output = 1 / (1 + LibM.exp(-gates[3 * h + j]))
            cell[j] = forget * cell[j] + input * candidate
            hidden[j] = output * (1 - 2 / (LibM.exp(2 * cell[j]) + 1))
            j += 1
        }
    }

    /// `exp` for σ and tanh only: the vector `exp`'s range reduction and polynomial (`expParts`), with the input
    /// clamped to [−87, 88] instead of `exp`'s exact handling of the ends (0, +∞, NaN), which σ and tanh do not need:
    /// there 1/(1 + e⁸⁸) and 2/(e⁸⁸ + 1) are 0 in float32 terms (below 10⁻³⁸). About a third cheaper.
    @inline(__always)
    private static func gateExp(_ x: SIMD8<Float>) -> SIMD8<Float> {
        var v = x
        v.replace(with: SIMD8(repeating: -87), where: x .< -87)
        v.replace(with: SIMD8(repeating: 88), where: x .> 88)
        let (p, whole) = expParts(v)
        return p * power2(whole)
    }
}
