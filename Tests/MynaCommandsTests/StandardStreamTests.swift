import Foundation
import MynaAudioFile
import MynaTestSupport
import Testing

/// Issue 15: `-` reads audio from stdin, `-o -` writes to stdout, and a stdout that cannot take the output (full,
/// closed) fails the command instead of exiting 0. Each oracle is the same command on a named file.
@Suite struct StandardStreamTests {
    static let jfk = Fixtures.sample("jfk.flac")
    static let clip = Fixtures.sample("LJ001-0002.flac")
    static let speech = Fixtures.shared("speaker/dev/spk-rz-2609-156975-0000.flac")

    static func bytes(_ path: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path)) }

    @Test func infoAndVADReadStdinAsTheyReadTheFile() throws {
        let fromFile = try MynaExecutable.run(["info", "--json", Self.jfk])
        let fromStdin = try MynaExecutable.run(["info", "--json", "-"], input: try Self.bytes(Self.jfk))
        #expect(fromStdin.exitCode == 0, "\(fromStdin.standardError)")
        #expect(fromStdin.standardOutput.replacingOccurrences(of: "\"stdin\"", with: "\"\(Self.jfk)\"") == fromFile.standardOutput)
        let table = try MynaExecutable.run(["info", "-"], input: try Self.bytes(Self.jfk))
        #expect(table.standardOutput.split(separator: "\n").last?.hasPrefix("stdin ") == true, "\(table.standardOutput)")

        let vadFile = try MynaExecutable.run(["vad", Self.jfk])
        let vadStdin = try MynaExecutable.run(["vad", "-"], input: try Self.bytes(Self.jfk))
        #expect(vadStdin.exitCode == 0, "\(vadStdin.standardError)")
        #expect(!vadFile.standardOutput.isEmpty && vadStdin.standardOutput == vadFile.standardOutput)
    }

    @Test func embedReadsStdinAsItReadsTheFile() throws {
        struct Embedding: Decodable { var file: String; var embedding: [Float] }
        let fromFile = try MynaExecutable.run(["embed", "--json", Self.speech])
        let fromStdin = try MynaExecutable.run(["embed", "--json", "-"], input: try Self.bytes(Self.speech))
        #expect(fromStdin.exitCode == 0, "\(fromStdin.standardError)")
        let file = try JSONDecoder().decode(Embedding.self, from: Data(fromFile.standardOutput.utf8))
        let stdin = try JSONDecoder().decode(Embedding.self, from: Data(fromStdin.standardOutput.utf8))
        #expect(stdin.file == "stdin")
        #expect(stdin.embedding == file.embedding)
    }

    @Test func badStdinIsOneErrorNamingStdin() throws {
        let empty = try MynaExecutable.run(["info", "-"], input: Data())
        #expect(empty.exitCode == 2)
        #expect(empty.standardError == "myna: error: stdin: no audio on stdin (it was empty)\n")
        let text = try MynaExecutable.run(["vad", "-"], input: Data("not audio\n".utf8))
        #expect(text.exitCode == 2)
        #expect(text.standardError.hasPrefix("myna: error: stdin: "), "\(text.standardError)")
        #expect(!text.standardError.contains("/proc/"), "\(text.standardError)")
        let tooLong = try MynaExecutable.run(["info", "-"], environment: ["MYNA_STDIN_LIMIT_BYTES": "1000"],
                                             input: try Self.bytes(Self.jfk))
        #expect(tooLong.exitCode == 2)
        #expect(tooLong.standardError.contains("more than 1000 bytes"), "\(tooLong.standardError)")
        let twice = try MynaExecutable.run(["info", "-", "-"], input: try Self.bytes(Self.jfk))
        #expect(twice.exitCode == 2)
        #expect(twice.standardError.contains("only once"), "\(twice.standardError)")
    }

    /// `say -o -` into a pipe streams WAV (sizes unknown in the header); decoded, it is the same audio as `-o x.wav`.
    @Test func sayAndVocodeWriteWAVToAPipe() throws {
        let folder = try Fixtures.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        for command in [["say", "Two short sentences. Spoken to stdout."], ["vocode", Self.clip]] {
            let file = folder.appendingPathComponent("\(command[0]).wav").path
            let written = try MynaExecutable.run(command + ["-o", file])
            #expect(written.exitCode == 0, "\(written.standardError)")
            let piped = try MynaExecutable.run(command + ["-o", "-"])
            #expect(piped.exitCode == 0, "\(piped.standardError)")
            let streamed = folder.appendingPathComponent("\(command[0])-streamed.wav").path
            try piped.standardOutputData.write(to: URL(fileURLWithPath: streamed))
            #expect(try SoundFileReader.readAll(path: streamed) == SoundFileReader.readAll(path: file), "\(command[0])")
        }
    }

    /// Into a regular file, the header is completed: the same bytes as `say -o x.wav`.
    @Test func sayFormatWAVIntoARedirectedFileIsTheSameFile() throws {
        let folder = try Fixtures.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("direct.wav").path
        #expect(try MynaExecutable.run(["say", "Hello there.", "-o", file]).exitCode == 0)
        let redirected = folder.appendingPathComponent("redirected.wav").path
        _ = FileManager.default.createFile(atPath: redirected, contents: nil)
        let myna = try RunningMyna(["say", "Hello there.", "--format", "wav"], output: .file(redirected))
        let ended = try #require(myna.finish())
        #expect(ended.result.exitCode == 0, "\(ended.result.standardError)")
        #expect(try Self.bytes(redirected) == Self.bytes(file))
    }

    /// Every command whose output is data: a full stdout is exit 3 with one line, never exit 0.
    @Test(arguments: [
        ["info", jfk], ["models"], ["vad", jfk], ["transcribe", "--beam-size", "1", clip],
        ["say", "--raw", "Hello."], ["say", "-o", "-", "Hello."], ["speakers", "export", "--db", FileManager.default.temporaryDirectory.appendingPathComponent("myna-none-\(UUID()).sqlite").path],
    ])
    func aFullStandardOutputIsAnError(arguments: [String]) throws {
        let myna = try RunningMyna(arguments, output: .file("/dev/full"))
        let ended = try #require(myna.finish())
        #expect(ended.result.exitCode == 3, "\(arguments): \(ended.result.standardError)")
        #expect(ended.result.standardError.hasSuffix("myna: error: standard output: cannot write: \(String(cString: strerror(ENOSPC)))\n"),
                "\(arguments): \(ended.result.standardError)")
    }

    /// A reader that went away ends the writer by SIGPIPE, quietly, as `yes | head -1` ends `yes`.
    @Test(arguments: [["info", jfk], ["say", "--raw", "Hello."], ["transcribe", "--beam-size", "1", clip]])
    func aClosedPipeEndsTheCommandQuietly(arguments: [String]) throws {
        let myna = try RunningMyna(arguments, output: .closedPipe)
        let ended = try #require(myna.finish())
        #expect(ended.signal == SIGPIPE, "\(arguments) ended with status \(ended.result.exitCode): \(ended.result.standardError)")
        #expect(ended.result.standardError.isEmpty, "\(ended.result.standardError)")
    }

    /// Binary audio is not written to a terminal (`script` gives the command one; bsdutils is essential in Debian).
    @Test func rawAudioIsRefusedOnATerminal() throws {
        let script = Process()
        script.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        script.arguments = ["-q", "-e", "-c", "'\(MynaExecutable.url.path)' say --raw Hello", "/dev/null"]
        let output = Pipe()
        script.standardOutput = output
        script.standardInput = FileHandle.nullDevice
        try script.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        script.waitUntilExit()
        #expect(script.terminationStatus == 2, "\(text)")
        #expect(text.contains("standard output: is a terminal"), "\(text)")
    }
}
