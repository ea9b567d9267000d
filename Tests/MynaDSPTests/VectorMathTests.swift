import Foundation
@testable import MynaDSP
import Testing

@Suite("Vectorised logarithms against libm")
struct VectorMathTests {
    /// Inputs across the range the extractors feed the logarithm: clamped powers from 1e-10 up to large sums.
    static func inputs() -> [Float] {
        var values: [Float] = [1e-10, 1e-5, 0.5, 0.7071067, 0.7071068, 1, 1.4142135, 1.4142137, 2, 10, 1e6, 3e38]
        var random = TestSignals(seed: 17)
        for _ in 0..<20_000 { values.append(Float(pow(10, Double(random.next() + 1) * 12 - 10))) }  // 1e-10 … 1e14
        return values
    }

    @Test("ln, log10 and dB within 3e-7 relative (2.5 float ulp; absolute near 0) of double-precision libm")
    func logarithms() {
        let inputs = Self.inputs()
        var natural = inputs, decimal = inputs, decibels = inputs
        natural.withUnsafeMutableBufferPointer { VectorMath.naturalLog($0, floor: 1e-30) }
        decimal.withUnsafeMutableBufferPointer { VectorMath.log10($0, floor: 1e-30) }
        decibels.withUnsafeMutableBufferPointer { VectorMath.decibels($0, floor: 1e-30) }
        var worst: Double = 0
        for (index, x) in inputs.enumerated() {
            let expected = [log(Double(x)), log10(Double(x)), 10 * log10(Double(x))]
            for (actual, reference) in zip([natural[index], decimal[index], decibels[index]], expected) {
                let error = abs(Double(actual) - reference) / max(abs(reference), 5)
                worst = max(worst, error)
            }
        }
        print("vector log: worst error relative to max(|y|, 5): \(worst)")
        // Measured: 2.2e-7 (the float result is rounded twice: the logarithm, then the scale to log10 or dB).
        #expect(worst < 3e-7)
    }

    @Test("the floor clamps before the logarithm, as max(x, floor) does")
    func floorClamps() {
        var values: [Float] = [0, -1, 1e-12, 1e-10, 1, 0, 0, 0, 0]  // 9 values: one vector plus a tail
        values.withUnsafeMutableBufferPointer { VectorMath.log10($0, floor: 1e-10) }
        #expect(values[0] == values[3] && values[1] == values[3] && values[2] == values[3] && values[8] == values[3])
        #expect(abs(values[3] + 10) < 1e-5 && values[4] == 0)
    }

    @Test("maximum over vector body and tail")
    func maximum() {
        for count in [1, 7, 8, 9, 31] {
            var values = (0..<count).map { Float($0) * -1 }
            values[count - 1] = 42
            #expect(values.withUnsafeBufferPointer { VectorMath.maximum($0) } == 42)
        }
    }
}
