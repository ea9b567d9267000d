import Foundation

/// One axis of a plot: its title and labelled ticks.
public struct PlotAxis: Sendable, Equatable {
    /// A labelled position along the axis, as a fraction of its length (0: left or bottom, 1: right or top).
    public struct Tick: Sendable, Equatable {
        public var position: Double
        public var label: String

        public init(position: Double, label: String) {
            self.position = position
            self.label = label
        }
    }

    public var title: String
    public var ticks: [Tick]

    public init(title: String, ticks: [Tick]) {
        self.title = title
        self.ticks = ticks
    }

    /// Round values (1, 2 or 5 times a power of ten) spaced so that about `targetCount` of them fall within
    /// `lower…upper`, including the ends when they are round.
    public static func niceValues(from lower: Double, to upper: Double, targetCount: Int = 8) -> [Double] {
        guard upper > lower, lower.isFinite, upper.isFinite, targetCount >= 1 else { return [lower] }
        let step = niceStep(for: (upper - lower) / Double(targetCount))
        var values: [Double] = []
        var value = (lower / step).rounded(.up) * step
        while value <= upper + step * 1e-9 {
            values.append(abs(value) < step * 1e-9 ? 0 : value)
            value += step
        }
        return values
    }

    /// The smallest of 1, 2, 5 × 10ⁿ at least `rough`.
    public static func niceStep(for rough: Double) -> Double {
        let magnitude = pow(10, floor(log10(rough)))
        for multiple in [1.0, 2, 5, 10] where multiple * magnitude >= rough * (1 - 1e-9) { return multiple * magnitude }
        return 10 * magnitude
    }

    /// `value` written with as few decimals as `step` needs (0.5 → "0.5", 2 → "2", 1000 → "1000").
    public static func label(_ value: Double, step: Double) -> String {
        let decimals = max(0, Int(-floor(log10(step) + 1e-9)))
        return String(format: "%.\(decimals)f", value)
    }

    /// Ticks at round values of a quantity that runs linearly from `lower` at the start of the axis to `upper`
    /// at its end.
    public static func linearTicks(from lower: Double, to upper: Double, targetCount: Int = 8,
                                   format: ((Double, Double) -> String)? = nil) -> [Tick] {
        let values = niceValues(from: lower, to: upper, targetCount: targetCount)
        let step = values.count > 1 ? values[1] - values[0] : max(abs(upper - lower), 1)
        return values.map { value in
            Tick(position: (value - lower) / (upper - lower),
                 label: format?(value, step) ?? label(value, step: step))
        }
    }
}
