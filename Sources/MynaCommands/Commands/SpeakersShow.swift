import ArgumentParser
import Foundation
import MynaKit

/// `myna speakers show`.
struct SpeakersShow: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show one speaker: their recordings, encoder and profile.",
        discussion: """
        Examples:
          myna speakers show alice
          myna speakers show --json --embeddings alice
        """)

    @Argument(help: "The speaker's name.")
    var name: String

    @OptionGroup var database: SpeakerDatabaseOptions

    @Flag(name: .long, help: "Print the speaker as JSON.")
    var json = false

    @Flag(name: .long, help: "With --json, include the profile and every recording's embedding.")
    var embeddings = false

    func run() throws {
        guard let registry = try database.openForReading() else { throw database.nobodyEnrolled(name) }
        let details = try registry.speaker(named: name)
        let s = details.summary
        if json {
            SpeakerOutput.print(try SpeakerOutput.json(SpeakerDetailsReport(details, embeddings: embeddings)))
            return
        }
        SpeakerOutput.print("""
            \(s.name)
              encoder   \(details.encoderFileName ?? "?") (sha256 \(s.encoderModelID))
              enrolled  \(s.createdAt.formatted(.iso8601)), updated \(s.updatedAt.formatted(.iso8601))
              speech    \(SpeakerOutput.seconds(s.speechSeconds)) in \(s.utteranceCount) recording\(s.utteranceCount == 1 ? "" : "s"):
            """)
        for u in details.utterances {
            SpeakerOutput.print("    \(u.sourceName)  \(SpeakerOutput.seconds(u.speechSeconds))\(u.trimmed ? "" : " (untrimmed)")  \(u.enrolledAt.formatted(.iso8601))  sha256 \(u.audioSHA256.prefix(12))…")
        }
    }
}
