import Foundation
import MynaTestSupport
import Testing

/// Progress on stderr when it is a terminal, also while results go to files, and none with --quiet. The terminal is a
/// pseudo-terminal made by util-linux `script`, which copies everything written to it onto its own stdout.
@Suite struct ProgressOutputTests {
    /// What `myna arguments…` writes to a terminal that is its stdout and stderr (stdin is /dev/null).
    static func onTerminal(_ arguments: [String]) throws -> (exitCode: Int32, terminal: String) {
        let script = URL(fileURLWithPath: "/usr/bin/script")
        try #require(FileManager.default.isExecutableFile(atPath: script.path), "util-linux script is needed for a terminal")
        let command = ([MynaExecutable.url.path] + arguments).map { "'\($0)'" }.joined(separator: " ")
        let process = Process()
        process.executableURL = script
        // -e: script exits with the command's status; -q: no "Script started" lines.
        process.arguments = ["-qec", command, "/dev/null"]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test("transcribe -o draws progress on a terminal; --quiet draws none and writes the same file")
    func transcribeToFile() throws {
        let folder = try Fixtures.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let loud = folder.appendingPathComponent("loud.txt").path, quiet = folder.appendingPathComponent("quiet.txt").path
        let clip = Fixtures.sample("LJ001-0002.flac")
        let shown = try Self.onTerminal(["transcribe", "--beam-size", "1", "-o", loud, clip])
        #expect(shown.exitCode == 0)
        #expect(shown.terminal.contains("\rLJ001-0002.flac █") && shown.terminal.contains("100%"), "\(shown.terminal.debugDescription)")
        let silent = try Self.onTerminal(["transcribe", "--beam-size", "1", "--quiet", "-o", quiet, clip])
        #expect(silent.exitCode == 0)
        #expect(silent.terminal.isEmpty, "\(silent.terminal.debugDescription)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: loud)) == Data(contentsOf: URL(fileURLWithPath: quiet)))
    }

    @Test("speakers evaluate counts recordings on a terminal; --quiet silences only the progress")
    func speakersEvaluate() throws {
        let folder = try Fixtures.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let dev = "speaker/dev/"
        let rows = [("a1", "spk-rz-2609-156975-0000.flac", "alice"), ("a2", "spk-rz-2609-156975-0001.flac", "alice"),
                    ("b1", "spk-rz-3080-5032-0000.flac", "bob")]
        let manifest = folder.appendingPathComponent("set.tsv")
        try ("id\tfile\tspeaker\n" + rows.map { "\($0.0)\t\(Fixtures.shared(dev + $0.1))\t\($0.2)\n" }.joined())
            .write(to: manifest, atomically: true, encoding: .utf8)
        let shown = try Self.onTerminal(["speakers", "evaluate", "--no-trim", "--json", manifest.path])
        #expect(shown.exitCode == 0, "\(shown.terminal)")
        #expect(shown.terminal.contains("\rembedding █") && shown.terminal.contains("3/3"), "\(shown.terminal.prefix(400).debugDescription)")
        let silent = try Self.onTerminal(["speakers", "evaluate", "--no-trim", "--json", "--quiet", manifest.path])
        #expect(silent.exitCode == 0)
        #expect(!silent.terminal.contains("embedding") && silent.terminal.contains("\"eer\""), "\(silent.terminal.prefix(400).debugDescription)")
    }
}
