import Foundation
import MynaAudioFile
import MynaKit
import MynaTestSupport
import Testing

/// The README's "Use Myna from Swift" example, compiled and run as written there (only where the clip's bytes come
/// from is the test's), plus the dictation stream against the CLI's finals.
@Suite struct UseFromSwiftTests {
    static let modelsDirectory = ModelsDirectory(url: Fixtures.models, source: .option)

    @Test func theReadmeExampleTranscribesBytesAndSpeaksToWAVBytes() async throws {
        let jfkBytes = try Data(contentsOf: URL(fileURLWithPath: Fixtures.sample("jfk.flac")))

        // README: Use Myna from Swift (the default configuration finds the models as `myna` does: here, the checkout's)
        let engine = try MynaEngine()
        let result = try await engine.transcribe(.encoded(jfkBytes, name: "jfk.flac"))
        let text = result.transcript.segments.map(\.text).joined()
        let speech = try await engine.speak("Ask not what your country can do for you.").collect()
        let wav = try AudioEncoder.encode(speech.audio, as: .wav16)
        // end of the README example

        let file = try await engine.transcribe(.file(path: Fixtures.sample("jfk.flac")))
        #expect(text == file.transcript.segments.map(\.text).joined())
        #expect(text.contains("ask not what your country can do for you"))
        let decoded = try SoundFileReader.readAll(data: wav, name: "speech.wav")
        #expect(decoded.frameCount == speech.audio.frameCount && decoded.format == speech.audio.format)
    }

    /// `MynaEngine.dictate` gives the finals `myna dictate --input --fast --json` prints for the same file.
    @Test func theDictationStreamGivesTheCLIsFinals() async throws {
        let path = Fixtures.sample("jfk.flac")
        let engine = try MynaEngine(configuration: .init(modelsDirectory: Self.modelsDirectory))
        let microphone = try AudioFileMicrophone(input: .encoded(try Data(contentsOf: URL(fileURLWithPath: path)), name: "jfk"),
                                                 pace: .fast)
        var finals: [String] = []
        // 512 frames per read, as `myna dictate --fast` reads a file (the read size decides when decodes happen).
        for try await event in try engine.dictate(microphone, readFrames: 512) {
            if case .final(let final) = event, !final.text.isEmpty { finals.append(final.text) }
        }
        let cli = try MynaExecutable.run(["dictate", "--input", path, "--fast", "--json"])
        #expect(cli.exitCode == 0, "\(cli.standardError)")
        let cliFinals = cli.standardOutput.split(separator: "\n").compactMap { line -> String? in
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                  object["type"] as? String == "final", let text = object["text"] as? String, !text.isEmpty else { return nil }
            return text
        }
        #expect(!finals.isEmpty)
        #expect(finals == cliFinals)
    }
}
