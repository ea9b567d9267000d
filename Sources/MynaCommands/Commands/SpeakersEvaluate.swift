import ArgumentParser
import Foundation
import MynaKit

/// `myna speakers evaluate`: verification accuracy on a labelled set.
struct SpeakersEvaluate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Measure verification accuracy (EER, minDCF, thresholds) on labelled recordings.",
        discussion: """
        Reads tab-separated manifests with a header naming at least the columns id, file (relative to the \
        manifest's folder, or absolute) and speaker (other columns, such as seconds and source, are ignored), \
        embeds every file, and scores trials the way 'myna verify' uses a profile:
          target trials: each recording of a speaker with 2 or more recordings against the profile (normalised \
        mean embedding) of that speaker's other recordings;
          impostor trials: each such speaker's profile of all their recordings against every recording of every \
        other speaker (speakers with one recording serve only as impostors).
        It prints the equal error rate and its threshold, the minimum of the normalised detection cost \
        (--p-target, --c-miss, --c-false-alarm; VoxSRC's 0.05, 1, 1 by default) and its threshold, a logistic \
        calibration of scores into probabilities, and the error rates at the shipped default threshold.

        Every recording is used (--min-speech defaults to 0 here); a recording in which trimming finds no speech \
        is skipped and listed. While embedding, a progress bar counts the recordings on stderr when it is a \
        terminal (--quiet turns it off).

        Examples:
          myna speakers evaluate dev.tsv impostors_dev.tsv
          myna speakers evaluate --no-trim --json dev.tsv
          myna speakers evaluate --encoder my-ge2e.pt --p-target 0.01 set.tsv
        """)

    @Argument(help: ArgumentHelp("Manifests (TSV with id, file, speaker columns).", valueName: "manifest.tsv"))
    var manifests: [String]

    @OptionGroup var encoderOptions: SpeakerEncoderOptions

    @Option(name: .customLong("p-target"), parsing: .unconditional, help: "Prior probability of a target trial in the detection cost.")
    var targetPrior = DetectionCosts.default.targetPrior

    @Option(name: .customLong("c-miss"), parsing: .unconditional, help: "Cost of a miss in the detection cost.")
    var missCost = DetectionCosts.default.missCost

    @Option(name: .customLong("c-false-alarm"), parsing: .unconditional, help: "Cost of a false alarm in the detection cost.")
    var falseAlarmCost = DetectionCosts.default.falseAlarmCost

    @Option(name: .long, parsing: .unconditional, help: "Also report the error rates at this threshold (default: the shipped one, when it applies).")
    var threshold: Double?

    @Flag(name: .long, help: "Print the results as JSON.")
    var json = false

    @Flag(name: .long, help: "Draw no progress bar on stderr.")
    var quiet = false

    func validate() throws {
        guard !manifests.isEmpty else { throw ValidationError("Give at least one manifest.") }
        try OptionBounds.requireOpenUnitInterval("--p-target", targetPrior)
        try OptionBounds.requirePositive("--c-miss", missCost)
        try OptionBounds.requirePositive("--c-false-alarm", falseAlarmCost)
        if let threshold { try OptionBounds.require("--threshold", threshold, in: -1...1) }
    }

    struct Skipped: Encodable { var id: String; var file: String; var reason: String }
    struct Rates: Encodable { var threshold: Double; var missRate: Double; var falseAlarmRate: Double }
    struct Output: Encodable {
        var manifests: [String]
        var encoderModelID: String
        var trimmed: Bool
        var utterances: Int
        var speakers: Int
        var enrolledSpeakers: Int
        var skipped: [Skipped]
        var targetTrials: Int
        var impostorTrials: Int
        var eer: Double
        var eerThreshold: Double
        var minDCF: Double
        var minDCFThreshold: Double
        var pTarget: Double
        var cMiss: Double
        var cFalseAlarm: Double
        var calibrationSlope: Double?
        var calibrationOffset: Double?
        var atThreshold: Rates?
    }

    func run() throws {
        let rows = try manifests.flatMap { try SpeakerManifest.read($0) }
        guard !rows.isEmpty else { throw ConfigurationError(field: manifests[0], message: "no recordings listed") }
        let pipeline = try encoderOptions.makePipeline(defaultMinimumSpeech: 0)
        let progress = ProgressLine(total: Double(rows.count), label: "embedding", unit: .files, quiet: quiet)
        var embeddings: [SpeakerEmbedding] = [], speakers: [String] = [], skipped: [Skipped] = []
        let results = pipeline.embed(files: rows.map(\.path)) { progress.update(seconds: Double($0)) }
        progress.finish()
        for (row, result) in zip(rows, results) {
            switch result {
            case .success(let embedding):
                embeddings.append(embedding.utterance.embedding)
                speakers.append(row.speaker)
            case .failure(let error as SpeakerInputError):
                skipped.append(Skipped(id: row.id, file: row.path, reason: error.message))
                SpeakerOutput.warn("skipping \(error)")
            case .failure(let error):
                throw error
            }
        }
        let trials = SpeakerTrials(embeddings: embeddings, speakers: speakers)
        let targets = trials.targetScores, impostors = trials.impostorScores
        guard !targets.isEmpty, !impostors.isEmpty else {
            throw ConfigurationError(field: manifests.joined(separator: ", "), message: """
                gives \(targets.count) target and \(impostors.count) impostor trials; an evaluation needs a speaker \
                with 2 or more recordings and at least one other speaker
                """)
        }
        let costs = DetectionCosts(targetPrior: targetPrior, missCost: missCost, falseAlarmCost: falseAlarmCost)
        let metrics = VerificationMetrics(targetScores: targets, impostorScores: impostors, costs: costs)
        let calibration = ScoreCalibration.fit(targetScores: targets, impostorScores: impostors)
        let reference = threshold ?? pipeline.calibration?.threshold
        let rates = reference.map { t -> Rates in
            let r = VerificationMetrics.errorRates(targetScores: targets, impostorScores: impostors, threshold: t)
            return Rates(threshold: t, missRate: r.miss, falseAlarmRate: r.falseAlarm)
        }
        let output = Output(
            manifests: manifests, encoderModelID: pipeline.identity.id, trimmed: pipeline.trims, utterances: embeddings.count,
            speakers: Set(speakers).count, enrolledSpeakers: trials.enrolledSpeakers.count, skipped: skipped,
            targetTrials: metrics.targetTrials, impostorTrials: metrics.impostorTrials, eer: metrics.equalErrorRate,
            eerThreshold: metrics.equalErrorThreshold, minDCF: metrics.minimumDetectionCost,
            minDCFThreshold: metrics.minimumDetectionCostThreshold, pTarget: costs.targetPrior, cMiss: costs.missCost,
            cFalseAlarm: costs.falseAlarmCost, calibrationSlope: calibration?.slope, calibrationOffset: calibration?.offset,
            atThreshold: rates)
        if json {
            SpeakerOutput.print(try SpeakerOutput.json(output))
            return
        }
        SpeakerOutput.print("""
            recordings  \(output.utterances) of \(output.speakers) speakers (\(output.enrolledSpeakers) with 2 or more)\(skipped.isEmpty ? "" : ", \(skipped.count) skipped"); \(pipeline.trims ? "non-speech trimmed" : "whole recordings")
            trials      \(output.targetTrials) target, \(output.impostorTrials) impostor
            EER         \(SpeakerOutput.percent(output.eer)) at threshold \(String(format: "%.4f", output.eerThreshold))
            minDCF      \(String(format: "%.4f", output.minDCF)) at threshold \(String(format: "%.4f", output.minDCFThreshold)) (P_target \(costs.targetPrior), C_miss \(costs.missCost), C_fa \(costs.falseAlarmCost))
            """)
        if let calibration {
            SpeakerOutput.print("calibration P(same) = 1 / (1 + exp(-(\(String(format: "%.4f", calibration.slope)) × score \(String(format: "%+.4f", calibration.offset)))))")
        }
        if let rates {
            SpeakerOutput.print("threshold   \(String(format: "%.4f", rates.threshold))\(threshold == nil ? " (shipped)" : ""): misses \(SpeakerOutput.percent(rates.missRate)), false alarms \(SpeakerOutput.percent(rates.falseAlarmRate))")
        }
    }
}

/// A labelled manifest: TSV with a header; columns id, file, speaker (others ignored).
struct SpeakerManifest {
    struct Row { var id: String; var path: String; var speaker: String }

    static func read(_ path: String) throws -> [Row] {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw AudioIOError(.unreadable, location: path, message: FileReadProblem.describe(error, path: path, expected: "a manifest"))
        }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { String($0.hasSuffix("\r") ? $0.dropLast() : $0) }
        while lines.last == "" { lines.removeLast() }
        guard let header = lines.first?.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) else {
            throw ConfigurationError(field: path, message: "empty manifest; the first line must name the columns id, file, speaker")
        }
        func column(_ name: String) throws -> Int {
            guard let index = header.firstIndex(of: name) else {
                throw ConfigurationError(field: path, message: "no '\(name)' column in the header (columns: \(header.joined(separator: ", ")))")
            }
            return index
        }
        let id = try column("id"), file = try column("file"), speaker = try column("speaker")
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        return try lines.dropFirst().enumerated().compactMap { offset, line in
            guard !line.isEmpty else { return nil }
            let cells = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard cells.count > max(id, file, speaker), !cells[file].isEmpty, !cells[speaker].isEmpty else {
                throw ConfigurationError(field: "\(path):\(offset + 2)", message: "needs id, file and speaker cells (found \(cells.count) cells)")
            }
            let location = cells[file].hasPrefix("/") ? cells[file] : folder.appendingPathComponent(cells[file]).path
            return Row(id: cells[id], path: location, speaker: cells[speaker])
        }
    }
}
