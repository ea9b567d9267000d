import Foundation
import MynaTestSupport
import Testing

/// `--db` in a folder that does not exist is refused (a misspelt folder must not become a new, empty database);
/// the default location is still created.
@Suite struct SpeakerDatabaseFolderTests {
    @Test("--db in a missing folder: exit 2, an error naming the path, nothing created", arguments: [
        ["enroll", "alice", Fixtures.shared("speaker/dev/spk-rz-2609-156975-0000.flac")],
        ["speakers", "list"],
        ["speakers", "import", "export.json"],
    ])
    func missingFolderIsRefused(command: [String]) throws {
        let folder = try Fixtures.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = folder.appendingPathComponent("typo/speakers.sqlite").path
        let result = try MynaExecutable.run(command + ["--db", db],
                                            environment: ["XDG_DATA_HOME": folder.appendingPathComponent("xdg").path])
        #expect(result.exitCode == 2, "\(result.standardError)")
        #expect(result.standardError.hasPrefix("myna: error: --db \(db): the folder \(folder.path)/typo does not exist"),
                "\(result.standardError)")
        #expect(result.standardOutput.isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty, "nothing created")
    }

    @Test("the default database folder is created on the first enrolment")
    func defaultFolderIsCreated() throws {
        let folder = try Fixtures.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let xdg = folder.appendingPathComponent("xdg")
        let result = try MynaExecutable.run(["enroll", "--no-trim", "alice", Fixtures.shared("speaker/dev/spk-rz-2609-156975-0000.flac")],
                                            environment: ["XDG_DATA_HOME": xdg.path])
        #expect(result.exitCode == 0, "\(result.standardError)")
        #expect(FileManager.default.fileExists(atPath: xdg.appendingPathComponent("myna/speakers.sqlite").path))
    }
}
