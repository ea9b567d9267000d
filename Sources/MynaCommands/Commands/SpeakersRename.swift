import ArgumentParser
import Foundation
import MynaKit

/// `myna speakers rename`.
struct SpeakersRename: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rename",
        abstract: "Rename a speaker (their recordings and profile stay).",
        discussion: """
        Examples:
          myna speakers rename alice "Alice Smith"
          myna speakers rename bob Bob
        """)

    @Argument(help: "The current name.")
    var name: String

    @Argument(help: "The new name.")
    var newName: String

    @OptionGroup var database: SpeakerDatabaseOptions

    @Flag(name: .long, help: "Print the renamed speaker as JSON.")
    var json = false

    func run() throws {
        guard database.mayHoldSpeakers else { throw database.nobodyEnrolled(name) }
        let speaker = try database.openForWriting().rename(name, to: newName, now: Date())
        if json {
            SpeakerOutput.print(try SpeakerOutput.json(speaker))
        } else {
            SpeakerOutput.print("renamed \(name) to \(speaker.name)")
        }
    }
}
