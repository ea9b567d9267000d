import ArgumentParser
import Foundation
import MynaKit

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
        if let threshold { try OptionBounds.library { try SpeakerDecisionRule.validate(threshold: threshold) } }
    }

    func run() throws {
        let service = SpeakerService(store: try database.storeForReading(), encoder: encoderOptions.configuration())
        let result = try service.identify(file: StandardInput.resolve(file), top: top, threshold: threshold)
        if !result.skippedSpeakers.isEmpty {
            let encoder = try service.pipeline().identity.fileName
            SpeakerOutput.warn("skipping \(result.skippedSpeakers.joined(separator: ", ")): enrolled with another encoder than \(encoder)")
        }
        let best = result.best
        if json {
            SpeakerOutput.print(try SpeakerOutput.json(SpeakerIdentificationReport(result, file: file)))
        } else {
            let width = result.matches.map(\.speaker.count).max() ?? 0
            for match in result.matches {
                let p = match.probability.map { "  p \(String(format: "%.3f", $0))" } ?? ""
                SpeakerOutput.print("\(match.speaker.padding(toLength: width, withPad: " ", startingAt: 0))  \(SpeakerOutput.score(match.score))\(p)")
            }
            if result.identified {
                SpeakerOutput.print("identified: \(best.speaker) (score \(SpeakerOutput.score(best.score)) >= threshold \(SpeakerOutput.score(result.threshold)))")
            } else {
                SpeakerOutput.print("identified: \(SpeakerName.reserved) (best \(best.speaker) \(SpeakerOutput.score(best.score)) < threshold \(SpeakerOutput.score(result.threshold)))")
            }
        }
        if !result.identified { throw ExitCode(MynaErrorLine.rejected) }
    }
}
