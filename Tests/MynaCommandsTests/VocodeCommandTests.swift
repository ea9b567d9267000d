import Foundation
import MynaAudioFile
import MynaCore
import MynaTestSupport
import Testing

/// `myna vocode` through the built binary: output files, --json, and bad input.
@Suite struct VocodeCommandTests {
    static func level(_ samples: [Float]) -> Double {
        (samples.reduce(0.0) { $0 + Double($1) * Double($1) } / Double(max(samples.count, 1))).squareRoot()
    }

    @Test(arguments: ["hifigan-universal", "griffin-lim"]) func vocodesToAWavFile(vocoder: String) throws {
        let directory = try Fixtures.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let output = directory.appendingPathComponent("out.wav").path
        let input = Fixtures.sample("LJ001-0002.flac")
        let result = try MynaExecutable.run(["vocode", input, "-o", output, "--vocoder", vocoder, "--json"])
        #expect(result.exitCode == 0, "\(result.standardError)")
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        #expect(summary["vocoder"] as? String == vocoder)
        #expect(summary["sampleRate"] as? Int == 22050)
        let frames = try #require(summary["frames"] as? Int)
        for key in ["input", "output", "inputSeconds", "outputSeconds", "seconds", "realTimeFactor"] {
            #expect(summary[key] != nil, "summary lacks \(key)")
        }
        let written = try SoundFileReader.readAll(path: output)
        #expect(written.format == AudioFormat(sampleRate: 22050, channelCount: 1))
        #expect(written.frameCount == frames * 256)
        let original = try SoundFileReader.readAll(path: input)
        #expect(abs(written.duration - original.duration) < 256.0 / 22050 + 0.001)
        // Resynthesised speech keeps the level of the input (within 6 dB for HiFi-GAN, 10 dB for Griffin-Lim).
        let ratio = 20 * log10(Self.level(written.samples) / Self.level(original.samples))
        #expect(abs(ratio) < (vocoder == "griffin-lim" ? 10 : 6), "level changed by \(ratio) dB")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["out.wav"])
    }

    @Test func flacByExtensionAndHumanSummary() throws {
        let directory = try Fixtures.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let output = directory.appendingPathComponent("out.flac").path
        let result = try MynaExecutable.run(["vocode", Fixtures.sample("LJ001-0002.flac"), "-o", output,
                                             "--vocoder", "griffin-lim", "--iterations", "4"])
        #expect(result.exitCode == 0, "\(result.standardError)")
        #expect(result.standardOutput.hasPrefix("\(output): "))
        #expect(try SoundFileReader(path: output).info.container.lowercased().contains("flac"))
    }

    @Test func badInputIsOneLineAndNoOutput() throws {
        let directory = try Fixtures.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let text = directory.appendingPathComponent("notes.wav")
        try Data("not audio at all\n".utf8).write(to: text)
        let empty = directory.appendingPathComponent("empty.wav").path
        let writer = try SoundFileWriter(path: empty, format: AudioFormat(sampleRate: 22050, channelCount: 1), encoding: .wav16)
        try writer.finishWriting()
        let short = directory.appendingPathComponent("short.wav").path
        let shortWriter = try SoundFileWriter(path: short, format: AudioFormat(sampleRate: 22050, channelCount: 1), encoding: .wav16)
        try shortWriter.writeFrames(AudioBuffer(mono: [Float](repeating: 0.1, count: 300), sampleRate: 22050))
        try shortWriter.finishWriting()
        let sample = Fixtures.sample("LJ001-0002.flac")
        let output = directory.appendingPathComponent("out.wav").path
        let cases: [([String], String)] = [
            (["vocode", directory.appendingPathComponent("missing.flac").path, "-o", output], "missing.flac: no such file"),
            (["vocode", text.path, "-o", output], "notes.wav"),
            (["vocode", empty, "-o", output], "contains no audio"),
            (["vocode", short, "-o", output], "short.wav"),
            (["vocode", sample, "-o", output, "--vocoder", "wavenet"], "no vocoder named \"wavenet\""),
            (["vocode", sample, "-o", directory.appendingPathComponent("out.xyz").path], "unknown output extension"),
            (["vocode", sample, "-o", directory.appendingPathComponent("no/such/folder/out.wav").path], "does not exist"),
            (["vocode", sample, "-o", output, "--models-dir", directory.path], "is not installed"),
        ]
        for (arguments, message) in cases {
            let result = try MynaExecutable.run(arguments)
            #expect(result.exitCode == 2, "\(arguments): exit \(result.exitCode), \(result.standardError)")
            let lines = result.standardError.split(separator: "\n")
            #expect(lines.count == 1 && lines[0].hasPrefix("myna: error: ") && lines[0].contains(message),
                    "\(arguments): \(result.standardError)")
            #expect(result.standardOutput.isEmpty)
        }
        let left = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        #expect(left == ["empty.wav", "notes.wav", "short.wav"], "no partial output: \(left)")
    }

    @Test func helpTeachesWithExamples() throws {
        let result = try MynaExecutable.run(["vocode", "--help"])
        #expect(result.exitCode == 0)
        for text in ["Examples:", "myna vocode audio-samples/jfk.flac -o jfk-hifigan.wav", "hifigan-ljspeech", "griffin-lim",
                     "--vocoder", "--json"] {
            #expect(result.standardOutput.contains(text), "help lacks \(text)")
        }
    }
}
