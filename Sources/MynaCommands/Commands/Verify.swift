import ArgumentParser
import Foundation
import MynaCore
import MynaKit
import MynaSpeakerRegistry
import MynaSpeakers

/// `myna verify`: is this recording the enrolled speaker?
struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check whether a recording is the voice of an enrolled speaker (exit 0 accept, 1 reject).",
        discussion: """
        Scores the recording against the speaker's profile with the cosine similarity of their GE2E \
        embeddings, and accepts when the score reaches the threshold. The default threshold is the equal-error \
        point measured on Myna's speaker dev set (see 'myna speakers evaluate'): \
        \(String(format: "%.4f", GE2ECalibration.trimmedSpeech.threshold)) with trimming, \
        \(String(format: "%.4f", GE2ECalibration.wholeRecording.threshold)) with --no-trim; raise it to accept \
        fewer impostors, lower it to reject fewer true speakers. The probability is the calibrated \
        P(same speaker | score) for even prior odds (logistic calibration on the same dev set).

        Examples:
          myna verify alice unknown-caller.flac && echo "it is alice"
          myna verify --threshold 0.82 alice door.wav
          myna verify --json alice clip.flac

        \(SpeakerExitCodes.help)
        """)

    @Argument(help: "The enrolled speaker's name.")
    var name: String

    @Argument(help: ArgumentHelp("The recording to check ('-' reads it from stdin).", valueName: "file"))
    var file: String

    @Option(name: .long, parsing: .unconditional, help: "Accept scores at or above this (default: the calibrated threshold).")
    var threshold: Double?

    @OptionGroup var encoderOptions: SpeakerEncoderOptions
    @OptionGroup var database: SpeakerDatabaseOptions

    @Flag(name: .long, help: "Print the result as JSON.")
    var json = false

    func validate() throws {
        if let threshold, !(threshold.isFinite && threshold >= -1 && threshold <= 1) {
            throw ValidationError("--threshold must be a cosine score between -1 and 1.")
        }
    }

    struct Output: Encodable {
        var speaker: String
        var file: String
        var score: Double
        var threshold: Double
        var probability: Double?
        var accepted: Bool
        var speechSeconds: Double
    }

    func run() throws {
        guard let registry = try database.openForReading() else { throw database.nobodyEnrolled(name) }
        let profile = try registry.profile(named: name)
        let pipeline = try encoderOptions.makePipeline()
        guard profile.encoderModelID == pipeline.identity.id else {
            throw SpeakerRegistryError(.encoderMismatch, location: registry.path, message: """
                "\(profile.name)" was enrolled with encoder \(profile.encoderModelID.prefix(12))…, not \
                \(pipeline.identity.id.prefix(12))… (\(pipeline.identity.fileName)); verify with the same --encoder
                """)
        }
        let decision = try SpeakerDecision(pipeline: pipeline, explicitThreshold: threshold)
        let embedding = try pipeline.embed(file: StandardInput.resolve(file))
        let score = profile.embedding.cosineSimilarity(embedding.utterance.embedding)
        let accepted = score >= decision.threshold
        let probability = decision.calibration?.probability.probability(score)
        if json {
            SpeakerOutput.print(try SpeakerOutput.json(Output(
                speaker: profile.name, file: file, score: score, threshold: decision.threshold, probability: probability,
                accepted: accepted, speechSeconds: embedding.utterance.speechSeconds)))
        } else {
            let p = probability.map { ", probability \(String(format: "%.3f", $0))" } ?? ""
            SpeakerOutput.print("""
                \(accepted ? "accept" : "reject"): \(file) \(accepted ? "is" : "is not") \(profile.name) \
                (score \(SpeakerOutput.score(score)) \(accepted ? ">=" : "<") threshold \(SpeakerOutput.score(decision.threshold))\(p))
                """)
        }
        if !accepted { throw ExitCode(MynaErrorLine.rejected) }
    }
}

/// The threshold and calibration a verify or identify run uses.
struct SpeakerDecision {
    var threshold: Double
    var calibration: GE2ECalibration?

    init(pipeline: SpeakerEmbeddingPipeline, explicitThreshold: Double?) throws {
        calibration = pipeline.calibration
        if let explicitThreshold {
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
}
