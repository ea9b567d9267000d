import Foundation
import MynaTestSupport
import Testing

/// `myna transcribe` as a user runs it: text against faster-whisper's with its defaults (beam 5;
/// scripts/goldens/whisper_goldens.py),
/// formats, output files, and bad input.
@Suite struct TranscribeCommandTests {
    struct Golden: Decodable {
        struct Run: Decodable {
            struct Segment: Decodable { var text: String; var start, end: Double }
            var segments: [Segment]
        }
        var clips: [String: [String: Run]]
    }

    static func fasterWhisperSegments(_ model: String, clip: String) throws -> [Golden.Run.Segment] {
        let url = Fixtures.repositoryRoot.appendingPathComponent("Tests/MynaRecognitionTests/Golden/faster_whisper_\(model).json")
        let golden = try JSONDecoder().decode(Golden.self, from: Data(contentsOf: url))
        return try #require(golden.clips[clip]?["default"]).segments
    }

    @Test func textEqualsFasterWhisper() throws {
        let result = try MynaExecutable.run(["transcribe", Fixtures.sample("jfk.flac")])
        #expect(result.exitCode == 0, "\(result.standardError)")
        let expected = try Self.fasterWhisperSegments("whisper-tiny.en", clip: "asr/dev/wcpp-jfk.flac")
            .map { $0.text.trimmingCharacters(in: .whitespaces) + "\n" }.joined()
        #expect(result.standardOutput == expected)
        #expect(result.standardError.isEmpty)
    }

    @Test func jsonCarriesSegmentsAndLanguage() throws {
        let result = try MynaExecutable.run(["transcribe", "--model", "base", "--json", Fixtures.sample("jfk.flac")])
        #expect(result.exitCode == 0, "\(result.standardError)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        #expect(object["language"] as? String == "en")
        let probability = try #require(object["language_probability"] as? Double)
        #expect(probability > 0.5 && probability <= 1)
        let segments = try #require(object["segments"] as? [[String: Any]])
        let expected = try Self.fasterWhisperSegments("whisper-base", clip: "asr/dev/wcpp-jfk.flac")
        #expect(segments.map { $0["text"] as? String } == expected.map(\.text))
        for key in ["start", "end", "tokens", "avg_logprob", "compression_ratio", "no_speech_prob", "temperature"] {
            #expect(segments.allSatisfy { $0[key] != nil }, "segments lack \(key)")
        }
    }

    @Test func srtFileIsWrittenWhole() throws {
        let directory = try Fixtures.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let output = directory.appendingPathComponent("jfk.srt").path
        let result = try MynaExecutable.run(["transcribe", "--format", "srt", "-o", output, Fixtures.sample("jfk.flac")])
        #expect(result.exitCode == 0, "\(result.standardError)")
        #expect(result.standardOutput.isEmpty)
        let srt = try String(contentsOfFile: output, encoding: .utf8)
        let first = try #require(try Self.fasterWhisperSegments("whisper-tiny.en", clip: "asr/dev/wcpp-jfk.flac").first)
        func srtTime(_ seconds: Double) -> String {
            let milliseconds = Int((seconds * 1000).rounded())
            return String(format: "00:%02d:%02d,%03d", milliseconds / 60_000, milliseconds / 1000 % 60, milliseconds % 1000)
        }
        let cue = "1\n\(srtTime(first.start)) --> \(srtTime(first.end))\n\(first.text.trimmingCharacters(in: .whitespaces))\n\n"
        #expect(srt.hasPrefix(cue), "\(srt.prefix(120))")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["jfk.srt"])
    }

    @Test func badInputIsOneLineAndNoOutput() throws {
        let directory = try Fixtures.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let text = directory.appendingPathComponent("notes.wav")
        try Data("not audio at all\n".utf8).write(to: text)
        let output = directory.appendingPathComponent("out.txt").path
        // A model folder whose model.bin is cut short, and one whose model.bin is another CTranslate2 architecture.
        let tiny = Fixtures.models.appendingPathComponent("whisper-tiny.en")
        let truncated = directory.appendingPathComponent("truncated-model")
        let otherArchitecture = directory.appendingPathComponent("other-model")
        for folder in [truncated, otherArchitecture] {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            for name in ["config.json", "tokenizer.json", "vocabulary.txt"] {
                try FileManager.default.copyItem(at: tiny.appendingPathComponent(name), to: folder.appendingPathComponent(name))
            }
        }
        let handle = try FileHandle(forReadingFrom: tiny.appendingPathComponent("model.bin"))
        try handle.readData(ofLength: 1_000_000).write(to: truncated.appendingPathComponent("model.bin"))
        try handle.close()
        try Self.ctranslate2File(spec: "TransformerSpec").write(to: otherArchitecture.appendingPathComponent("model.bin"))
        let cases: [([String], String)] = [
            (["transcribe", "--model", truncated.path, Fixtures.sample("jfk.flac")], "truncated-model/model.bin"),
            (["transcribe", "--model", otherArchitecture.path, Fixtures.sample("jfk.flac")], "TransformerSpec"),
            (["transcribe", "--model", "base", "--language", "xx", Fixtures.sample("jfk.flac")], "'xx'"),
            // English-only models transcribe English whatever the language, but a code Whisper lacks is still an error.
            (["transcribe", "--language", "xx", Fixtures.sample("jfk.flac")], "'xx'"),
            (["transcribe", "-o", directory.appendingPathComponent("missing/out.txt").path, Fixtures.sample("jfk.flac")],
             "does not exist"),
            (["transcribe", directory.appendingPathComponent("missing.flac").path], "missing.flac"),
            (["transcribe", "-o", output, text.path], "notes.wav"),
            (["transcribe", directory.path], directory.lastPathComponent),
            (["transcribe", "--model", "no-such-model", Fixtures.sample("jfk.flac")], "no-such-model"),
            (["transcribe", "--model", directory.path, Fixtures.sample("jfk.flac")], "model.bin"),
        ]
        for (arguments, named) in cases {
            let result = try MynaExecutable.run(arguments)
            #expect(result.exitCode != 0, "\(arguments)")
            let lines = result.standardError.split(separator: "\n")
            #expect(lines.count == 1 && lines[0].hasPrefix("myna: error: ") && lines[0].contains(named), "\(arguments): \(result.standardError)")
            #expect(result.standardOutput.isEmpty)
        }
        #expect(!FileManager.default.fileExists(atPath: output))
    }

    /// A minimal CTranslate2 model.bin (MODELS.md layout) of architecture `spec` with one float32 variable.
    static func ctranslate2File(spec: String) -> Data {
        var data = Data()
        func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { data.append(contentsOf: $0) } }
        func string(_ s: String) {
            let bytes = Array(s.utf8) + [0]
            withUnsafeBytes(of: UInt16(bytes.count).littleEndian) { data.append(contentsOf: $0) }
            data.append(contentsOf: bytes)
        }
        u32(6); string(spec); u32(1); u32(1)
        string("encoder/x"); data.append(1); u32(2); data.append(0); u32(8)
        withUnsafeBytes(of: Float(1).bitPattern.littleEndian) { data.append(contentsOf: $0) }
        withUnsafeBytes(of: Float(2).bitPattern.littleEndian) { data.append(contentsOf: $0) }
        u32(0)
        return data
    }
}
