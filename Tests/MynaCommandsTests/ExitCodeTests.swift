import Foundation
import MynaTestSupport
import Testing

/// The error contract of every command (README "Exit codes"), through the built binary: usage errors exit 2 with
/// `myna: error: …` as the first line on stderr, numbers may be negative, messages name the file in the user's terms,
/// and `--json` commands report errors as one JSON object.
@Suite struct ExitCodeTests {
    static let jfk = Fixtures.sample("jfk.flac")

    /// A temporary folder for inputs the tests make, removed by `remove()`.
    struct Scratch {
        let folder: URL
        init() throws { folder = try Fixtures.makeTemporaryDirectory() }
        func path(_ name: String) -> String { folder.appendingPathComponent(name).path }
        func write(_ name: String, _ data: Data) throws -> String {
            try data.write(to: folder.appendingPathComponent(name))
            return path(name)
        }
        func remove() { try? FileManager.default.removeItem(at: folder) }
    }

    static func firstErrorLine(_ result: CommandResult) -> String {
        String(result.standardError.split(separator: "\n", omittingEmptySubsequences: false).first ?? "")
    }

    /// A 16-bit mono WAV whose header declares `sampleRate` (64 frames of silence).
    static func wav(sampleRate: UInt32) -> Data {
        var bytes = [UInt8]()
        func u16(_ value: UInt16) { bytes += [UInt8(value & 0xFF), UInt8(value >> 8)] }
        func u32(_ value: UInt32) { u16(UInt16(value & 0xFFFF)); u16(UInt16(value >> 16)) }
        let payload = 128
        bytes += Array("RIFF".utf8); u32(UInt32(36 + payload)); bytes += Array("WAVE".utf8)
        bytes += Array("fmt ".utf8); u32(16); u16(1); u16(1); u32(sampleRate); u32(sampleRate * 2); u16(2); u16(16)
        bytes += Array("data".utf8); u32(UInt32(payload))
        bytes += [UInt8](repeating: 0, count: payload)
        return Data(bytes)
    }

    @Test("usage and validation errors exit 2 with one 'myna: error:' line first; help and version exit 0",
          arguments: [
              ["transcribe"], ["transcribe", "--bogus", "x.flac"], ["info"], ["vad", "--threshold", "2", "x.flac"],
              ["say", "--raw", "--speed", "20", "hello"], ["speakers", "remove"], ["identify", "--top", "0", "x.flac"],
              ["transcribe", "--format", "docx", "x.flac"], ["nosuchcommand"],
          ])
    func usageErrors(arguments: [String]) throws {
        let result = try MynaExecutable.run(arguments)
        #expect(result.exitCode == 2, "\(arguments): \(result.standardError)")
        #expect(Self.firstErrorLine(result).hasPrefix("myna: error: "), "\(arguments): \(result.standardError)")
        #expect(result.standardOutput.isEmpty)
    }

    @Test func helpAndVersionExitZero() throws {
        for arguments in [["--help"], ["transcribe", "--help"], ["--version"], ["help", "speakers", "remove"]] {
            let result = try MynaExecutable.run(arguments)
            #expect(result.exitCode == 0, "\(arguments): \(result.standardError)")
            #expect(!result.standardOutput.isEmpty && result.standardError.isEmpty)
        }
    }

    @Test("negative numbers are read as values and refused naming the option and its bound")
    func negativeNumbers() throws {
        var result = try MynaExecutable.run(["transcribe", "--beam-size", "-3", Self.jfk])
        #expect(result.exitCode == 2)
        #expect(Self.firstErrorLine(result) == "myna: error: --beam-size: -3 must be between 1 and 32")
        for (arguments, option) in [
            (["vad", "--threshold", "-0.5", Self.jfk], "--threshold: -0.5"),
            (["dictate", "--step", "-1", "--input", Self.jfk], "--step: -1"),
            (["say", "--raw", "--noise-scale", "-1", "hi"], "--noise-scale: -1"),
            (["vocode", "--threads", "-2", "-o", "x.wav", Self.jfk], "--threads: -2 must be at least 1"),
            (["embed", "--min-speech", "-1", Self.jfk], "--min-speech"),
            // Checked by the library (SpeakerDecisionRule), reported in the same one line.
            (["verify", "--threshold", "-2", "alice", Self.jfk], "--threshold: -2.0 is not a cosine score between -1 and 1"),
            (["identify", "--threshold", "-2", Self.jfk], "--threshold: -2.0 is not a cosine score between -1 and 1"),
        ] {
            result = try MynaExecutable.run(arguments)
            #expect(result.exitCode == 2, "\(arguments): \(result.standardError)")
            #expect(Self.firstErrorLine(result).hasPrefix("myna: error: ") && result.standardError.contains(option),
                    "\(arguments): \(result.standardError)")
            #expect(!result.standardError.contains("Missing value"))
        }
        // A negative value that is in range is accepted: a verify threshold is a cosine score in [-1, 1].
        result = try MynaExecutable.run(["identify", "--threshold", "-0.5", "--top", "-1", Self.jfk])
        #expect(Self.firstErrorLine(result) == "myna: error: --top: -1 must be at least 1")
        // A missing value is still a usage error.
        result = try MynaExecutable.run(["transcribe", Self.jfk, "--beam-size"])
        #expect(result.exitCode == 2)
        #expect(Self.firstErrorLine(result).hasPrefix("myna: error: Missing value for '--beam-size"))
    }

    @Test("a folder given as a file is 'a folder', never NSCocoaErrorDomain")
    func folderAsFile() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let folder = scratch.folder.path
        for arguments in [
            ["transcribe", folder], ["info", folder], ["say", "--file", folder, "-o", scratch.path("x.wav")],
            ["speakers", "import", folder, "--db", scratch.path("db.sqlite")],
            ["speakers", "evaluate", folder], ["embed", "--encoder", folder, Self.jfk],
        ] {
            let result = try MynaExecutable.run(arguments)
            #expect(result.exitCode == 2, "\(arguments): \(result.standardError)")
            let line = Self.firstErrorLine(result)
            #expect(line.hasPrefix("myna: error: \(folder): is a folder"), "\(arguments): \(line)")
            #expect(!result.standardError.contains("NSCocoaErrorDomain"))
        }
    }

    @Test("a file that is not a PyTorch checkpoint is called that, not an unpickler error")
    func notACheckpoint() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let text = try scratch.write("encoder.pt", Data("hello, this is text\n".utf8))
        let result = try MynaExecutable.run(["embed", "--encoder", text, Self.jfk])
        #expect(result.exitCode == 2)
        #expect(Self.firstErrorLine(result).hasPrefix("myna: error: \(text): is not a PyTorch checkpoint"), "\(result.standardError)")
        #expect(!result.standardError.contains("memo"))
    }

    @Test("a WAV that claims 1 Hz is refused naming the file", arguments: ["transcribe", "vad", "embed"])
    func oneHertzWAV(command: String) throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let wav = try scratch.write("one-hertz.wav", Self.wav(sampleRate: 1))
        let result = try MynaExecutable.run([command, wav])
        #expect(result.exitCode == 2)
        let line = Self.firstErrorLine(result)
        #expect(line.hasPrefix("myna: error: \(wav): its sample rate of 1 Hz cannot be converted"), "\(line)")
    }

    @Test("--json commands report errors as one JSON object on stderr")
    func jsonErrors() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        for (arguments, mentions) in [
            (["transcribe", "--json", "--beam-size", "0", Self.jfk], "--beam-size: 0"),
            (["info", "--json", scratch.folder.path], "is a folder"),
            (["transcribe", "--format", "json", "--bogus", Self.jfk], "--bogus"),
            (["speakers", "list", "--json", "--db", scratch.folder.path], "is a folder"),
        ] {
            let result = try MynaExecutable.run(arguments)
            let lines = result.standardError.split(separator: "\n")
            #expect(lines.count == 1, "\(arguments): \(result.standardError)")
            let object = try #require(try JSONSerialization.jsonObject(with: Data((lines.first ?? "").utf8)) as? [String: Any],
                                      "\(arguments): \(result.standardError)")
            let error = try #require(object["error"] as? [String: Any])
            #expect(object.count == 1 && error.count == 2)
            #expect(error["code"] as? Int == Int(result.exitCode) && result.exitCode != 0)
            #expect((error["message"] as? String)?.contains(mentions) == true, "\(arguments): \(result.standardError)")
        }
    }

    @Test("removing an unknown speaker lists who is enrolled, exits 4 and removes nobody")
    func removeUnknownSpeaker() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let db = scratch.path("speakers.sqlite")
        var result = try MynaExecutable.run(["enroll", "bob", Self.jfk, "--db", db])
        #expect(result.exitCode == 0, "\(result.standardError)")
        result = try MynaExecutable.run(["speakers", "remove", "bob", "nobody", "--db", db])
        #expect(result.exitCode == 4)
        #expect(Self.firstErrorLine(result) == "myna: error: \(db): no speaker named \"nobody\" (enrolled: bob)")
        result = try MynaExecutable.run(["speakers", "list", "--db", db])
        #expect(result.exitCode == 0 && result.standardOutput.contains("bob"))
    }

    @Test("an English-only model warns about --task translate and --language de, then transcribes English")
    func englishOnlyWarnings() throws {
        for (arguments, warning) in [(["--task", "translate"], "cannot translate"), (["--language", "de"], "not 'de'")] {
            let result = try MynaExecutable.run(["transcribe", "--beam-size", "1"] + arguments + [Self.jfk])
            #expect(result.exitCode == 0, "\(result.standardError)")
            let lines = result.standardError.split(separator: "\n")
            #expect(lines.count == 1 && lines[0].hasPrefix("myna: warning: ") && lines[0].contains("English-only")
                    && lines[0].contains(warning), "\(result.standardError)")
            #expect(result.standardOutput.contains("ask not what your country can do for you"))
        }
    }

    @Test("--language takes names and codes in any case, as openai-whisper does")
    func languageNames() throws {
        for language in ["EN", "English", "english", "en"] {
            let result = try MynaExecutable.run(["transcribe", "--beam-size", "1", "--language", language, Self.jfk])
            #expect(result.exitCode == 0, "\(language): \(result.standardError)")
            #expect(result.standardError.isEmpty, "\(language): \(result.standardError)")
        }
        let result = try MynaExecutable.run(["transcribe", "--language", "klingon", Self.jfk])
        #expect(result.exitCode == 2)
        #expect(Self.firstErrorLine(result).hasPrefix("myna: error: --language: 'klingon' is not a Whisper language"))
    }

    @Test func griffinLimNeedsAnIteration() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let result = try MynaExecutable.run(["vocode", "--vocoder", "griffin-lim", "--iterations", "0",
                                             "-o", scratch.path("out.wav"), Self.jfk])
        #expect(result.exitCode == 2)
        #expect(Self.firstErrorLine(result).hasPrefix("myna: error: --iterations: 0 must be between 1 and"))
        #expect(!FileManager.default.fileExists(atPath: scratch.path("out.wav")))
    }

    @Test("embed reports a bad file, embeds the others and exits with the first error's code")
    func embedGoesOnPastABadFile() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let missing = scratch.path("missing.flac")
        let result = try MynaExecutable.run(["embed", missing, Self.jfk, scratch.folder.path])
        #expect(result.exitCode == 2)
        let errors = result.standardError.split(separator: "\n")
        #expect(errors.count == 2 && errors[0] == "myna: error: \(missing): no such file"
                && errors[1].hasPrefix("myna: error: \(scratch.folder.path): is a folder"), "\(result.standardError)")
        let lines = result.standardOutput.split(separator: "\n")
        #expect(lines.count == 1 && lines[0].hasPrefix("\(Self.jfk)\t"))
        #expect(lines.first.map { $0.split(separator: "\t")[1].split(separator: " ").count } == 256)
    }
}
