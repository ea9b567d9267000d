import MynaCore
import MynaSpeakers

/// How a cosine score becomes a decision: the threshold that accepts (given, or the calibrated one of the pinned
/// encoder) and the calibration that turns a score into P(same speaker).
///
/// Thread-safety: a value type; share freely.
public struct SpeakerDecisionRule: Sendable, Hashable {
    /// The scores a threshold can be: cosine similarities.
    public static let scoreRange: ClosedRange<Double> = -1...1

    /// Accept (verify) or name (identify) when the score is at least this.
    public var threshold: Double
    /// The shipped calibration of the pipeline's encoder, nil for an encoder Myna has no calibration for.
    public var calibration: GE2ECalibration?

    /// The rule for `pipeline`: `explicitThreshold` when given, else the shipped equal-error-rate threshold of the
    /// pinned checkpoint for the pipeline's preprocessing (trimmed or whole recording).
    /// - Throws: `ConfigurationError` when `explicitThreshold` is outside [-1, 1], or when it is nil and the encoder
    ///   is not the pinned checkpoint (there is no threshold to fall back on).
    public init(pipeline: SpeakerEmbeddingPipeline, explicitThreshold: Double?) throws {
        calibration = pipeline.calibration
        if let explicitThreshold {
            try Self.validate(threshold: explicitThreshold)
            threshold = explicitThreshold
        } else if let calibration {
            threshold = calibration.threshold
        } else {
            throw ConfigurationError(field: "--threshold", message: """
                the shipped threshold was calibrated for Resemblyzer's pretrained.pt, not \(pipeline.identity.fileName); \
                give --threshold (measure one with 'myna speakers evaluate --encoder \(pipeline.identity.fileName) MANIFEST.tsv')
                """)
        }
    }

    /// Checks a threshold a user gave (the CLI calls this before any work, the initialiser again).
    /// - Throws: `ConfigurationError` when `threshold` is not a cosine score in [-1, 1].
    public static func validate(threshold: Double) throws {
        guard threshold.isFinite, scoreRange.contains(threshold) else {
            throw ConfigurationError(field: "--threshold", message: "\(threshold) is not a cosine score between -1 and 1")
        }
    }

    /// True when `score` reaches the threshold.
    public func accepts(_ score: Double) -> Bool { score >= threshold }

    /// The calibrated probability that `score` comes from the same speaker (even prior odds), nil without calibration.
    public func probability(_ score: Double) -> Double? { calibration?.probability.probability(score) }
}
