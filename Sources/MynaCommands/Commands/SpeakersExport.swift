import ArgumentParser
import Foundation
import MynaKit

/// `myna speakers export`.
struct SpeakersExport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write every speaker's recordings' embeddings to a JSON file (a backup, or to move them).",
        discussion: """
        The file holds names, encoder ids, and per recording its embedding, seconds of speech, file name, \
        SHA-256 and date; no audio. 'myna speakers import' reads it back (profiles are recomputed). Without -o it \
        is printed on stdout; with -o the file appears only when complete.

        Examples:
          myna speakers export -o speakers.json
          myna speakers export --db team.sqlite > team.json
        """)

    @Option(name: .shortAndLong, help: ArgumentHelp("Write to this file instead of stdout.", valueName: "path"))
    var output: String?

    @OptionGroup var database: SpeakerDatabaseOptions

    func run() throws {
        if let output { try OutputFile.checkDestination(output) }
        let archive = try database.requireSQLite("export") { try SpeakerRegistry.openIfExists(path: $0.path, busyTimeout: $0.timeout) }?.exportArchive()
            ?? SpeakerArchive(exportedAt: Date(), encoderModels: [], speakers: [])
        var data = try archive.encoded()
        data.append(0x0A)
        if let output {
            try OutputFile.write(data, to: output)
            FileHandle.standardError.write(Data("myna: exported \(archive.speakers.count) speaker\(archive.speakers.count == 1 ? "" : "s") to \(output)\n".utf8))
        } else {
            try StandardOutput.write(data)
        }
    }
}
