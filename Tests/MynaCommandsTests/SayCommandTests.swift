import Foundation
import MynaAudioFile
import MynaTestSupport
import Testing

/// `myna say` as a user runs it: outputs, options and bad input (one error line, exit 2, no output file).
@Suite struct SayCommandTests {
    static func voiceInstalled() throws {
        let path = Fixtures.models.appendingPathComponent("piper-en_US-joe-medium/en_US-joe-medium.onnx").path
        try #require(FileManager.default.fileExists(atPath: path), "run scripts/setup.sh to fetch the models")
    }

    @Test func writesWavAndJsonSummary() throws {
        try Self.voiceInstalled()
        let folder = try Fixtures.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appendingPathComponent("hello.wav").path
        let result = try MynaExecutable.run(["say", "Hello there.", "How are you?", "-o", output, "--json"])
        #expect(result.exitCode == 0, "\(result.standardError)")
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        #expect((summary["sentences"] as? [Any])?.count == 2)
        #expect(summary["sample_rate"] as? Int == 22050)
        let audio = try SoundFileReader.readAll(path: output)
        #expect(audio.format.sampleRate == 22050 && audio.format.channelCount == 1)
        #expect(audio.frameCount == summary["samples"] as? Int && audio.duration > 1)
    }

    @Test func rawFromStdinAndResampledFlac() throws {
        try Self.voiceInstalled()
        let raw = try MynaExecutable.run(["say", "--raw", "--noise-scale", "0", "--noise-w", "0"], input: Data("Streaming speech.\n".utf8))
        #expect(raw.exitCode == 0, "\(raw.standardError)")
        #expect(raw.standardOutput.utf8.count > 0)
        let folder = try Fixtures.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let text = folder.appendingPathComponent("in.txt")
        try Data("Resampled to sixteen kilohertz.".utf8).write(to: text)
        let output = folder.appendingPathComponent("out.flac").path
        let result = try MynaExecutable.run(["say", "--file", text.path, "--rate", "16000", "--speed", "1.5", "-o", output])
        #expect(result.exitCode == 0, "\(result.standardError)")
        let audio = try SoundFileReader.readAll(path: output)
        #expect(audio.format.sampleRate == 16000 && audio.duration > 0.5)
    }

    @Test func playsOnTheNullDevice() throws {
        try Self.voiceInstalled()
        let result = try MynaExecutable.run(["say", "--play", "--device", "null", "Hi."])
        #expect(result.exitCode == 0, "\(result.standardError)")
    }

    @Test(arguments: [
        (["say", "-o", "OUT"], "", "the text is empty"),
        (["say", "-o", "OUT"], "?!... ,,", "nothing to pronounce"),
        (["say", "-o", "OUT", "--voice", "no-such-voice", "hello"], nil, "no such voice"),
        (["say", "-o", "OUT", "--speaker", "2", "hello"], nil, "single speaker"),
    ] as [([String], String?, String)])
    func badInputIsOneClearLine(arguments: [String], stdin: String?, message: String) throws {
        try Self.voiceInstalled()
        let folder = try Fixtures.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appendingPathComponent("out.wav").path
        let result = try MynaExecutable.run(arguments.map { $0 == "OUT" ? output : $0 }, input: stdin.map { Data($0.utf8) })
        #expect(result.exitCode == 2)
        #expect(result.standardError.hasPrefix("myna: error: ") && result.standardError.contains(message), "\(result.standardError)")
        #expect(result.standardError.split(separator: "\n").count == 1)
        #expect(!FileManager.default.fileExists(atPath: output))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty, "a partial file was left behind")
    }

    @Test func invalidUTF8OnStdinAndFilesThatAreNotVoices() throws {
        try Self.voiceInstalled()
        let bad = try MynaExecutable.run(["say", "--raw"], input: Data([0x48, 0x69, 0xFF, 0xFE, 0x21]))
        #expect(bad.exitCode == 2 && bad.standardError.contains("not valid UTF-8"), "\(bad.standardError)")
        #expect(bad.standardOutput.isEmpty)
        let folder = try Fixtures.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let fake = folder.appendingPathComponent("fake.onnx")
        try Data(repeating: 7, count: 1000).write(to: fake)
        try FileManager.default.copyItem(at: Fixtures.models.appendingPathComponent("piper-en_US-joe-medium/en_US-joe-medium.onnx.json"),
                                         to: folder.appendingPathComponent("fake.onnx.json"))
        for voice in [fake.path, folder.appendingPathComponent("fake.onnx.json").path] {
            let result = try MynaExecutable.run(["say", "--voice", voice, "--raw", "hello"])
            #expect(result.exitCode == 2 && result.standardError.hasPrefix("myna: error: "), "\(result.standardError)")
            #expect(result.standardError.split(separator: "\n").count == 1, "\(result.standardError)")
        }
    }

    @Test func helpTeachesWithExamples() throws {
        let result = try MynaExecutable.run(["say", "--help"])
        #expect(result.exitCode == 0 && result.standardOutput.contains("Examples:") && result.standardOutput.contains("--sentence-silence"))
    }
}
