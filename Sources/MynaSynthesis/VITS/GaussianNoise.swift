import Foundation

/// A seeded standard-normal generator (SplitMix64 + Box–Muller) for one request's noise: the prior sample and the
/// duration predictor's input. Not the reference's generator, so only noise-free output is compared with Piper.
struct GaussianNoise {
    private var state: UInt64
    private var spare: Float?

    init(seed: UInt64) { state = seed }

    private mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in (0, 1].
    private mutating func uniform() -> Double { (Double(next() >> 11) + 1) / 9_007_199_254_740_992 }

    mutating func sample() -> Float {
        if let spare { self.spare = nil; return spare }
        let radius = (-2 * log(uniform())).squareRoot(), angle = 2 * Double.pi * uniform()
        spare = Float(radius * sin(angle))
        return Float(radius * cos(angle))
    }

    mutating func samples(_ count: Int, scale: Float) -> [Float] {
        guard scale != 0 else { return [Float](repeating: 0, count: count) }
        return (0..<count).map { _ in sample() * scale }
    }
}
