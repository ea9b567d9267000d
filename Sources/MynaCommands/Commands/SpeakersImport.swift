import ArgumentParser
import Foundation
import MynaKit

/// `myna speakers import`.
struct SpeakersImport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Add the speakers of a 'myna speakers export' file to the database.",
        discussion: """
        All speakers are imported in one transaction. A name that is already enrolled is a conflict (exit 5) \
        unless --replace, which replaces that speaker with the imported one. A recording (by SHA-256) that \
        is already enrolled for someone else is a conflict too.

        Examples:
          myna speakers import speakers.json
          myna speakers import --replace --db team.sqlite backup.json
        """)

    @Argument(help: ArgumentHelp("The export file.", valueName: "file"))
    var file: String

    @Flag(name: .long, help: "Replace speakers that already exist instead of failing.")
    var replace = false

    @OptionGroup var database: SpeakerDatabaseOptions

    @Flag(name: .long, help: "Print {\"imported\": [...]} as JSON.")
    var json = false

    struct Output: Encodable { var imported: [SpeakerSummary] }

    func run() throws {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: file))
        } catch {
            throw AudioIOError(.unreadable, location: file, message: FileReadProblem.describe(error, path: file, expected: "a speakers export file"))
        }
        let archive = try SpeakerArchive.decode(data, location: file)
        let imported = try database.requireSQLite("import") { try SpeakerRegistry(path: $0.path, busyTimeout: $0.timeout) }
            .importArchive(archive, location: file, replacing: replace)
        if json {
            SpeakerOutput.print(try SpeakerOutput.json(Output(imported: imported)))
        } else {
            SpeakerOutput.print("imported \(imported.count) speaker\(imported.count == 1 ? "" : "s") from \(file)\(imported.isEmpty ? "" : ": " + imported.map(\.name).joined(separator: ", "))")
        }
    }
}
