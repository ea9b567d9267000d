import Foundation
import MynaCore

/// A seeded standard-normal generator (SplitMix64 + Box–Muller) for one request's noise: the prior sample and the
/// duration predictor's input. Not the reference's generator, so only noise-free output is compared with Piper.
struct GaussianNoise {
    private var generator: SplitMix64
    private var spare: Float?

    init(seed: UInt64) { generator = SplitMix64(seed: seed) }

    /// Uniform in (0, 1].
    private mutating func uniform() -> Double { (Double(generator.next() >> 11) + 1) / 9_007_199_254_740_992 }

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
