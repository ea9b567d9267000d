import MynaCore
import MynaSpeakers
import MynaTestSupport
import Testing

/// Trials, EER, minDCF and calibration against scripts/goldens/ge2e_goldens.py, which forms the same trials from
/// Resemblyzer's embeddings of speaker/dev.tsv + impostors_dev.tsv and scores them with scikit-learn.
@Suite struct VerificationMetricsTests {
    static let golden = GoldenTensorFile(named: "evaluation_goldens", in: .module)
    static let name = "dev_and_impostors"

    static func trials() throws -> SpeakerTrials {
        let speakers = try #require(try GoldenExtras(named: "evaluation_goldens").speakers)
        let embeddings = try golden.tensor(name, "embeddings")
        #expect(embeddings.shape == [speakers.count, 256])
        let rows = (0..<speakers.count).map { SpeakerEmbedding(unitValues: embeddings.row($0).values) }
        return SpeakerTrials(embeddings: rows, speakers: speakers)
    }

    @Test func trialsEqualTheReference() throws {
        let trials = try Self.trials()
        #expect(trials.enrolledSpeakers.count == (try Self.golden.int(Self.name, "enrolledSpeakers")))
        let target = try Self.golden.tensor(Self.name, "target").values
        let impostor = try Self.golden.tensor(Self.name, "impostor").values
        #expect(trials.targetScores.count == 112 && target.count == 112)
        #expect(trials.impostorScores.count == 2744 && impostor.count == 2744)
        assertClose(trials.targetScores.map { Float($0) }, target, atol: 1e-6)
        assertClose(trials.impostorScores.map { Float($0) }, impostor, atol: 1e-6)
    }

    @Test func metricsEqualScikitLearn() throws {
        let trials = try Self.trials()
        let metrics = VerificationMetrics(targetScores: trials.targetScores, impostorScores: trials.impostorScores)
        #expect(metrics.costs == DetectionCosts(targetPrior: try Self.golden.double(Self.name, "pTarget"),
                                                missCost: try Self.golden.double(Self.name, "cMiss"),
                                                falseAlarmCost: try Self.golden.double(Self.name, "cFalseAlarm")))
        #expect(abs(metrics.equalErrorRate - (try Self.golden.double(Self.name, "eer"))) < 1e-12)
        #expect(abs(metrics.equalErrorThreshold - (try Self.golden.double(Self.name, "eerThreshold"))) < 1e-6)
        #expect(abs(metrics.minimumDetectionCost - (try Self.golden.double(Self.name, "minDCF"))) < 1e-12)
        #expect(abs(metrics.minimumDetectionCostThreshold - (try Self.golden.double(Self.name, "minDCFThreshold"))) < 1e-6)
    }

    @Test func calibrationEqualsScikitLearn() throws {
        let trials = try Self.trials()
        let fit = try #require(ScoreCalibration.fit(targetScores: trials.targetScores, impostorScores: trials.impostorScores))
        let slope = try Self.golden.double(Self.name, "calibrationSlope")
        let offset = try Self.golden.double(Self.name, "calibrationOffset")
        #expect(abs(fit.slope - slope) < 1e-3 * abs(slope), "slope \(fit.slope) vs \(slope)")
        #expect(abs(fit.offset - offset) < 1e-3 * abs(offset), "offset \(fit.offset) vs \(offset)")
        #expect(fit.probability(0.99) > 0.99 && fit.probability(0.5) < 0.01)
    }

    /// Small hand-checked cases: perfect separation gives EER 0; identical scores give EER ½.
    @Test func edgeCases() {
        let separated = VerificationMetrics(targetScores: [0.9, 0.8], impostorScores: [0.3, 0.2, 0.1])
        #expect(separated.equalErrorRate == 0 && separated.equalErrorThreshold == 0.8 && separated.minimumDetectionCost == 0)
        let tied = VerificationMetrics(targetScores: [0.5, 0.5], impostorScores: [0.5, 0.5])
        #expect(tied.equalErrorRate == 0.5 && tied.minimumDetectionCost == 1)
        #expect(ScoreCalibration.fit(targetScores: [0.9], impostorScores: [0.1]) == nil)  // separable: no optimum
    }
}
