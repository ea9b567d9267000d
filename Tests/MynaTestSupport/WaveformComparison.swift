/// How close two waveforms are (DESIGN.md §9: waveforms by maximum error and correlation).
public struct WaveformComparison: Sendable, CustomStringConvertible {
    /// Largest |actual − expected|.
    public let maxAbsoluteError: Double
    /// Pearson correlation of the two (1 for identical shapes; NaN when either is constant).
    public let correlation: Double
    /// Root mean square of `expected`, for scale.
    public let expectedRMS: Double

    /// Compares equally long sequences.
    public init(_ actual: [Float], _ expected: [Float]) {
        precondition(actual.count == expected.count && !actual.isEmpty,
                     "WaveformComparison: \(actual.count) samples vs \(expected.count)")
        let n = Double(actual.count)
        var worst = 0.0, sumA = 0.0, sumB = 0.0
        for i in actual.indices {
            worst = max(worst, abs(Double(actual[i]) - Double(expected[i])))
            sumA += Double(actual[i])
            sumB += Double(expected[i])
        }
        let meanA = sumA / n, meanB = sumB / n
        var ab = 0.0, aa = 0.0, bb = 0.0, squares = 0.0
        for i in actual.indices {
            let a = Double(actual[i]) - meanA, b = Double(expected[i]) - meanB
            ab += a * b
            aa += a * a
            bb += b * b
            squares += Double(expected[i]) * Double(expected[i])
        }
        maxAbsoluteError = worst
        correlation = ab / (aa * bb).squareRoot()
        expectedRMS = (squares / n).squareRoot()
    }

    public var description: String {
        "max |Δ| \(maxAbsoluteError), correlation \(correlation), reference RMS \(expectedRMS)"
    }
}
