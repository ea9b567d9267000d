import ArgumentParser
import Foundation
import MynaKit

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
        if let threshold { try OptionBounds.library { try SpeakerDecisionRule.validate(threshold: threshold) } }
    }

    func run() throws {
        let service = SpeakerService(store: try database.storeForReading(), encoder: encoderOptions.configuration())
        let verdict = try service.verify(name: name, file: StandardInput.resolve(file), threshold: threshold)
        if json {
            SpeakerOutput.print(try SpeakerOutput.json(SpeakerVerificationReport(verdict, file: file)))
        } else {
            let p = verdict.probability.map { ", probability \(String(format: "%.3f", $0))" } ?? ""
            SpeakerOutput.print("""
                \(verdict.accepted ? "accept" : "reject"): \(file) \(verdict.accepted ? "is" : "is not") \(verdict.speaker) \
                (score \(SpeakerOutput.score(verdict.score)) \(verdict.accepted ? ">=" : "<") threshold \(SpeakerOutput.score(verdict.threshold))\(p))
                """)
        }
        if !verdict.accepted { throw ExitCode(MynaErrorLine.rejected) }
    }
}
