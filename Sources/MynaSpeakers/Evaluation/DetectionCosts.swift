/// The operating point of the detection cost function (NIST SRE's DCF):
/// `C = C_miss · P_target · P_miss + C_fa · (1 − P_target) · P_fa`, normalised by the cost of the better trivial
/// system, `min(C_miss · P_target, C_fa · (1 − P_target))`.
public struct DetectionCosts: Sendable, Hashable, Codable {
    /// Prior probability that a trial is a target trial.
    public var targetPrior: Double
    /// Cost of rejecting the right speaker.
    public var missCost: Double
    /// Cost of accepting someone else.
    public var falseAlarmCost: Double

    public init(targetPrior: Double, missCost: Double, falseAlarmCost: Double) {
        self.targetPrior = targetPrior
        self.missCost = missCost
        self.falseAlarmCost = falseAlarmCost
    }

    /// P_target = 0.05, C_miss = C_fa = 1: the VoxCeleb Speaker Recognition Challenge's minDCF (2020 onwards).
    public static let `default` = DetectionCosts(targetPrior: 0.05, missCost: 1, falseAlarmCost: 1)

    /// Cost of the better of "accept all" and "reject all".
    public var normalizer: Double { min(missCost * targetPrior, falseAlarmCost * (1 - targetPrior)) }
}
