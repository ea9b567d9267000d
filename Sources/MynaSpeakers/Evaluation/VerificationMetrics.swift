/// Equal error rate and minimum detection cost of verification scores (higher = more alike), over every threshold.
///
/// A threshold accepts scores ≥ it. The operating points are the accept-nothing point and one point per distinct
/// score, from the highest down (scikit-learn's `roc_curve(drop_intermediate=False)`).
/// - EER: at the first point where the miss rate and the false-alarm rate are closest, their mean; its threshold.
/// - minDCF: the smallest normalised detection cost (see `DetectionCosts`) over the points, and its threshold.
public struct VerificationMetrics: Sendable, Hashable, Codable {
    public var targetTrials: Int
    public var impostorTrials: Int
    /// Equal error rate, a fraction in [0, 1].
    public var equalErrorRate: Double
    /// The threshold of the EER point.
    public var equalErrorThreshold: Double
    /// Normalised minimum detection cost at `costs`.
    public var minimumDetectionCost: Double
    /// The threshold that reaches it.
    public var minimumDetectionCostThreshold: Double
    public var costs: DetectionCosts

    /// - Precondition: at least one target and one impostor score, all finite.
    public init(targetScores: [Double], impostorScores: [Double], costs: DetectionCosts = .default) {
        precondition(!targetScores.isEmpty && !impostorScores.isEmpty, "VerificationMetrics: need target and impostor scores")
        precondition((targetScores + impostorScores).allSatisfy(\.isFinite), "VerificationMetrics: scores must be finite")
        let targets = targetScores.sorted(by: >), impostors = impostorScores.sorted(by: >)
        let nT = Double(targets.count), nI = Double(impostors.count)
        var accepted = (target: 0, impostor: 0)
        var best = (gap: Double.infinity, eer: 1.0, threshold: Double.infinity)
        var cheapest = (cost: Double.infinity, threshold: Double.infinity)
        func visit(_ threshold: Double) {
            let miss = 1 - Double(accepted.target) / nT, falseAlarm = Double(accepted.impostor) / nI
            let gap = abs(miss - falseAlarm)
            if gap < best.gap { best = (gap, (miss + falseAlarm) / 2, threshold) }
            let cost = (costs.missCost * costs.targetPrior * miss + costs.falseAlarmCost * (1 - costs.targetPrior) * falseAlarm)
                / costs.normalizer
            if cost < cheapest.cost { cheapest = (cost, threshold) }
        }
        visit(.infinity)
        var t = 0, i = 0
        while t < targets.count || i < impostors.count {
            // The next distinct score, and everything equal to it.
            let score = max(t < targets.count ? targets[t] : -.infinity, i < impostors.count ? impostors[i] : -.infinity)
            while t < targets.count && targets[t] == score { t += 1 }
            while i < impostors.count && impostors[i] == score { i += 1 }
            accepted = (t, i)
            visit(score)
        }
        targetTrials = targets.count
        impostorTrials = impostors.count
        equalErrorRate = best.eer
        equalErrorThreshold = best.threshold
        minimumDetectionCost = cheapest.cost
        minimumDetectionCostThreshold = cheapest.threshold
        self.costs = costs
    }

    /// Miss and false-alarm rates when accepting scores ≥ `threshold`.
    public static func errorRates(targetScores: [Double], impostorScores: [Double],
                                  threshold: Double) -> (miss: Double, falseAlarm: Double) {
        let misses = targetScores.filter { $0 < threshold }.count
        let falseAlarms = impostorScores.filter { $0 >= threshold }.count
        return (Double(misses) / Double(max(targetScores.count, 1)), Double(falseAlarms) / Double(max(impostorScores.count, 1)))
    }
}
