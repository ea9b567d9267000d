import Testing
import MynaNN
import MynaTensor
import MynaTestSupport

/// `Linear.keepingHalfPrecision()`: a layer whose weight holds binary16 values gives what its Float32 twin gives (the
/// same weight values, only the summation order and fused rounding differ), below and above the row count where it
/// switches from the half-precision kernel to sgemm; a Float32 weight is never rounded.
@Suite struct LayerHalfLinearTests {
    private func layer(_ out: Int, _ inputs: Int, _ generator: inout SeededGenerator) -> Linear {
        let weight = (0..<(out * inputs)).map { _ in Float(Float16(Float.random(in: -0.5...0.5, using: &generator))) }
        let bias = (0..<out).map { _ in Float.random(in: -1...1, using: &generator) }
        return Linear(weight: Tensor(shape: [out, inputs], values: weight), bias: Tensor(shape: [out], values: bias))
    }

    @Test(arguments: [1, 5, Linear.halfProductsMaximumRows, Linear.halfProductsMaximumRows + 1, 40])
    func halfLayerMatchesItsFloatTwin(rows: Int) {
        var generator = SeededGenerator(seed: UInt64(rows))
        let float = layer(96, 40, &generator)
        let half = float.keepingHalfPrecision()
        #expect(half.isHalfPrecision && !float.isHalfPrecision)
        #expect(half.weight.values == float.weight.values)
        let x = Tensor(shape: [rows, 40], values: (0..<(rows * 40)).map { _ in Float.random(in: -1...1, using: &generator) })
        let expected = float(x).values, actual = half(x).values
        #expect(actual.count == expected.count)
        // Sums of 40 products of magnitude ≤ 0.5 plus a bias ≤ 1: a few Float32 roundings of ≤ 21 apart.
        for (a, e) in zip(actual, expected) { #expect(abs(a - e) <= 21 * 4 * Float.ulpOfOne, "\(a) vs \(e)") }
        // A slice of the output features is the same slice of the outputs, bit for bit on the half-precision kernel
        // (each element is summed alone, in one order).
        guard rows <= Linear.halfProductsMaximumRows else { return }
        let slice = half.outputs(32..<64)
        #expect(slice.isHalfPrecision)
        let sliced = slice(x).values, whole = half(x).values
        for row in 0..<rows { #expect(Array(sliced[(row * 32)..<((row + 1) * 32)]) == Array(whole[(row * 96 + 32)..<(row * 96 + 64)])) }
    }

    @Test func floatWeightsAreNeverRounded() {
        let float = Linear(weight: Tensor(shape: [2, 2], values: [0.1, 0.2, 0.3, 0.4]))
        #expect(!float.keepingHalfPrecision().isHalfPrecision)
    }
}
