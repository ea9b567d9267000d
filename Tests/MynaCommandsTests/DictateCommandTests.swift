import Foundation
import MynaTestSupport
import Testing

/// `myna dictate --input` (a file played as a microphone, as fast as it decodes) and its bad input. The ALSA paths
/// are tested in MynaALSATests.
@Suite struct DictateInputCommandTests {
    /// faster-whisper's text of the JFK clip (its default beam 5; scripts/goldens/whisper_goldens.py).
    static func jfkWords() throws -> [String] {
        let text = try TranscribeCommandTests.fasterWhisperSegments("whisper-tiny.en", clip: "asr/dev/wcpp-jfk.flac")
            .map(\.text).joined(separator: " ")
        return words(text)
    }

    static func words(_ text: String) -> [String] {
        let kept: [Character] = text.lowercased().map { $0.isLetter || $0.isNumber ? $0 : " " }
        return String(kept).split(separator: " ").map(String.init)
    }

    @Test("--input --fast --output: finals on stdout, one per line, and appended to the file run after run")
    func fastInputAppendsFinals() throws {
        let directory = try Fixtures.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let output = directory.appendingPathComponent("notes.txt").path
        let arguments = ["dictate", "--input", Fixtures.sample("jfk.flac"), "--fast", "--output", output]
        let first = try MynaExecutable.run(arguments)
        #expect(first.exitCode == 0, "\(first.standardError)")
        let lines = first.standardOutput.split(separator: "\n").map(String.init)
        #expect(!lines.isEmpty)
        let dictated = Self.words(lines.joined(separator: " "))
        let expected = try Self.jfkWords()
        let same = zip(expected, dictated).filter { $0 == $1 }.count
        #expect(abs(dictated.count - expected.count) <= 1 && same >= expected.count - 3,
                "dictated '\(dictated.joined(separator: " "))'")
        #expect(try String(contentsOfFile: output, encoding: .utf8) == first.standardOutput)
        let second = try MynaExecutable.run(arguments)
        #expect(second.exitCode == 0)
        #expect(second.standardOutput == first.standardOutput, "--fast gives the same text every run")
        #expect(try String(contentsOfFile: output, encoding: .utf8) == first.standardOutput + second.standardOutput)
    }

    @Test("bad input: one error line, a non-zero exit, no output file", arguments: [
        (["--input", "no-such-file.flac"], "no-such-file.flac: "),
        (["--input", "jfk", "--step", "0.01"], "--step: "),
        (["--input", "jfk", "--vad-threshold", "1.5"], "--vad-threshold: "),
        (["--input", "jfk", "--min-silence", "0"], "--min-silence: "),
        (["--input", "jfk", "--model", "no-such-model"], "no-such-model: "),
        (["--input", "jfk", "--output", "/no/such/folder/notes.txt"], "/no/such/folder/notes.txt: "),
    ])
    func badInput(arguments: [String], location: String) throws {
        let resolved = arguments.map { $0 == "jfk" ? Fixtures.sample("jfk.flac") : $0 }
        let result = try MynaExecutable.run(["dictate"] + resolved)
        #expect(result.exitCode == 2, "\(result.standardError)")
        #expect(result.standardError.hasPrefix("myna: error: \(location)"), "\(result.standardError)")
        #expect(result.standardError.split(separator: "\n").count == 1, "\(result.standardError)")
        #expect(result.standardOutput.isEmpty)
    }

    @Test("--fast needs --input")
    func fastNeedsInput() throws {
        let result = try MynaExecutable.run(["dictate", "--fast"])
        #expect(result.exitCode != 0)
        #expect(result.standardError.contains("--fast needs --input"))
    }
}
