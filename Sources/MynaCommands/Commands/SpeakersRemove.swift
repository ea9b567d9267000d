import ArgumentParser
import MynaKit

/// `myna speakers remove`.
struct SpeakersRemove: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove",
        abstract: "Remove speakers and all their recordings' embeddings.",
        discussion: """
        All names are removed in one transaction: if one is unknown, none is removed.

        Examples:
          myna speakers remove bob
          myna speakers remove --json bob carol
        """)

    @Argument(help: ArgumentHelp("Names of speakers to remove.", valueName: "name"))
    var names: [String]

    @OptionGroup var database: SpeakerDatabaseOptions

    @Flag(name: .long, help: "Print {\"removed\": [...]} as JSON.")
    var json = false

    func validate() throws {
        guard !names.isEmpty else { throw ValidationError("Give the name of a speaker to remove.") }
    }

    func run() throws {
        guard database.mayHoldSpeakers else { throw database.nobodyEnrolled(names[0]) }
        let removed = try database.openForWriting().remove(names: names)
        if json {
            SpeakerOutput.print(try SpeakerOutput.json(SpeakerRemovalReport(removed: removed)))
        } else {
            for speaker in removed {
                SpeakerOutput.print("removed \(speaker.name) (\(speaker.utteranceCount) recording\(speaker.utteranceCount == 1 ? "" : "s"))")
            }
        }
    }
}
