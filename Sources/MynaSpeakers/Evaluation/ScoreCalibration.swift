import Foundation

/// Turns a cosine score into a probability: `P(same speaker | score) = σ(slope · score + offset)`, fitted by
/// logistic regression with the target and impostor trials weighted equally (so the probability is for even prior
/// odds) and no penalty (Platt scaling; scikit-learn's `LogisticRegression(penalty=None, class_weight="balanced")`).
public struct ScoreCalibration: Sendable, Hashable, Codable {
    public var slope: Double
    public var offset: Double

    public init(slope: Double, offset: Double) {
        self.slope = slope
        self.offset = offset
    }

    /// The calibrated probability of `score`, in (0, 1).
    public func probability(_ score: Double) -> Double {
        let z = slope * score + offset
        return z >= 0 ? 1 / (1 + exp(-z)) : exp(z) / (1 + exp(z))
    }

    /// The score at which the probability is ½.
    public var evenOddsScore: Double { -offset / slope }

    /// Fits slope and offset to `targetScores` (label 1) and `impostorScores` (label 0) by Newton's method on the
    /// class-balanced log loss. Nil when the classes are empty, or separate perfectly (no finite optimum).
    public static func fit(targetScores: [Double], impostorScores: [Double]) -> ScoreCalibration? {
        guard !targetScores.isEmpty, !impostorScores.isEmpty else { return nil }
        let total = Double(targetScores.count + impostorScores.count)
        let samples = targetScores.map { ($0, 1.0, total / (2 * Double(targetScores.count))) }
            + impostorScores.map { ($0, 0.0, total / (2 * Double(impostorScores.count))) }
        var a = 0.0, b = 0.0
        for _ in 0..<200 {
            // Gradient and Hessian of Σ w · logloss(σ(a·s + b), y).
            var ga = 0.0, gb = 0.0, haa = 0.0, hab = 0.0, hbb = 0.0
            for (s, y, w) in samples {
                let p = ScoreCalibration(slope: a, offset: b).probability(s)
                let r = w * (p - y), q = w * p * (1 - p)
                ga += r * s; gb += r
                haa += q * s * s; hab += q * s; hbb += q
            }
            let determinant = haa * hbb - hab * hab
            guard determinant > 1e-300 else { return nil }
            let da = (hbb * ga - hab * gb) / determinant, db = (haa * gb - hab * ga) / determinant
            a -= da; b -= db
            guard a.isFinite, b.isFinite, abs(a) < 1e6 else { return nil }
            if abs(da) < 1e-12 * max(1, abs(a)) && abs(db) < 1e-12 * max(1, abs(b)) { break }
        }
        return ScoreCalibration(slope: a, offset: b)
    }
}
