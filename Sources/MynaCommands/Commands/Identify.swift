import ArgumentParser
import Foundation
import MynaKit
import MynaSpeakerRegistry
import MynaSpeakers

/// `myna identify`: who of the enrolled speakers is this?
struct Identify: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "identify",
        abstract: "Find which enrolled speaker a recording is, or \"unknown\".",
        discussion: """
        Scores the recording against every enrolled speaker's profile (cosine of GE2E embeddings), prints the \
        best matches, and names the best one if it reaches the threshold (the same calibrated threshold as \
        'myna verify'), else "unknown" (exit 1). Speakers enrolled with another encoder are skipped with a warning.

        Examples:
          myna identify meeting-clip.flac
          myna identify --top 5 --json clip.wav
          myna identify --threshold 0.8 --db team.sqlite clip.flac

        \(SpeakerExitCodes.help)
        """)

    @Argument(help: ArgumentHelp("The recording to identify ('-' reads it from stdin).", valueName: "file"))
    var file: String

    @Option(name: .long, parsing: .unconditional, help: "How many of the best matches to print.")
    var top = 3

    @Option(name: .long, parsing: .unconditional, help: "Name the best match only if its score reaches this (default: the calibrated threshold).")
    var threshold: Double?

    @OptionGroup var encoderOptions: SpeakerEncoderOptions
    @OptionGroup var database: SpeakerDatabaseOptions

    @Flag(name: .long, help: "Print the result as JSON.")
    var json = false

    func validate() throws {
        try OptionBounds.require("--top", top, atLeast: 1)
        if let threshold, !(threshold.isFinite && threshold >= -1 && threshold <= 1) {
            throw ValidationError("--threshold must be a cosine score between -1 and 1.")
        }
    }

    struct Match: Encodable {
        var speaker: String
        var score: Double
        var probability: Double?
    }

    struct Output: Encodable {
        var file: String
        /// The identified speaker, or "unknown".
        var speaker: String
        var identified: Bool
        var threshold: Double
        var matches: [Match]
    }

    func run() throws {
        let profiles = try database.openForReading()?.profiles() ?? []
        guard !profiles.isEmpty else {
            throw SpeakerRegistryError(.unknownSpeaker, location: database.path, message: """
                nobody is enrolled yet; enrol speakers with 'myna enroll NAME FILE…' first
                """)
        }
        let pipeline = try encoderOptions.makePipeline()
        let comparable = profiles.filter { $0.encoderModelID == pipeline.identity.id }
        if comparable.count < profiles.count {
            let skipped = profiles.filter { $0.encoderModelID != pipeline.identity.id }.map(\.name)
            SpeakerOutput.warn("skipping \(skipped.joined(separator: ", ")): enrolled with another encoder than \(pipeline.identity.fileName)")
        }
        guard !comparable.isEmpty else {
            throw SpeakerRegistryError(.encoderMismatch, location: database.path, message: """
                every speaker was enrolled with another encoder than \(pipeline.identity.fileName); use that --encoder
                """)
        }
        let decision = try SpeakerDecision(pipeline: pipeline, explicitThreshold: threshold)
        let embedding = try pipeline.embed(file: StandardInput.resolve(file)).utterance.embedding
        let matches = comparable.map { profile -> Match in
            let score = profile.embedding.cosineSimilarity(embedding)
            return Match(speaker: profile.name, score: score, probability: decision.calibration?.probability.probability(score))
        }.sorted { $0.score > $1.score }
        let best = matches[0]
        let identified = best.score >= decision.threshold
        let shown = Array(matches.prefix(top))
        if json {
            SpeakerOutput.print(try SpeakerOutput.json(Output(file: file, speaker: identified ? best.speaker : SpeakerName.reserved,
                                                              identified: identified, threshold: decision.threshold,
                                                              matches: shown)))
        } else {
            let width = shown.map(\.speaker.count).max() ?? 0
            for match in shown {
                let p = match.probability.map { "  p \(String(format: "%.3f", $0))" } ?? ""
                SpeakerOutput.print("\(match.speaker.padding(toLength: width, withPad: " ", startingAt: 0))  \(SpeakerOutput.score(match.score))\(p)")
            }
            if identified {
                SpeakerOutput.print("identified: \(best.speaker) (score \(SpeakerOutput.score(best.score)) >= threshold \(SpeakerOutput.score(decision.threshold)))")
            } else {
                SpeakerOutput.print("identified: \(SpeakerName.reserved) (best \(best.speaker) \(SpeakerOutput.score(best.score)) < threshold \(SpeakerOutput.score(decision.threshold)))")
            }
        }
        if !identified { throw ExitCode(MynaErrorLine.rejected) }
    }
}
