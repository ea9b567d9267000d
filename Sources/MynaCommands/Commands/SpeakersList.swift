import ArgumentParser
import Foundation
import MynaKit

/// `myna speakers list`.
struct SpeakersList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the enrolled speakers.",
        discussion: """
        One line per speaker: name, recordings, seconds of speech, last change. An empty or missing database \
        lists nobody (and is not created).

        Examples:
          myna speakers list
          myna speakers list --json --db team.sqlite
        """)

    @OptionGroup var database: SpeakerDatabaseOptions

    @Flag(name: .long, help: "Print {\"speakers\": [...]} as JSON.")
    var json = false

    func run() throws {
        let speakers = try database.openForReading()?.speakers() ?? []
        if json {
            SpeakerOutput.print(try SpeakerOutput.json(SpeakerListReport(database: database.path, speakers: speakers)))
            return
        }
        guard !speakers.isEmpty else {
            SpeakerOutput.print("no speakers enrolled in \(database.path)")
            return
        }
        let rows = [["NAME", "RECORDINGS", "SPEECH", "UPDATED"]] + speakers.map {
            [$0.name, "\($0.utteranceCount)", SpeakerOutput.seconds($0.speechSeconds), $0.updatedAt.formatted(.iso8601)]
        }
        let widths = (0..<4).map { column in rows.map { $0[column].count }.max()! }
        for row in rows {
            SpeakerOutput.print(row.enumerated().map { column, cell in
                column == 3 ? cell : cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
            }.joined(separator: "  "))
        }
    }
}
