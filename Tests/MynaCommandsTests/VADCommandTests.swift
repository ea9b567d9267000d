import Foundation
import MynaAudioFile
import MynaCore
import MynaTestSupport
import Testing

/// `myna vad` run as a user would, against the segments silero-vad 6.2.3 found in the same clips
/// (Tests/MynaVADTests/Golden/silero_vad_timestamps.json, from scripts/goldens/silero_vad_goldens.py).
@Suite struct VADCommandTests {
    static let jfk = Fixtures.shared("asr/dev/wcpp-jfk.flac")
    static let onnxModel = Fixtures.models.appendingPathComponent("silero-vad-v6/silero_vad_16k_op15.onnx").path

    /// The golden segments of clip `id` for a weight set and option set, as [start, end] samples.
    static func golden(_ id: String, _ weights: String, _ optionSet: String) throws -> [[Int]] {
        let url = Fixtures.repositoryRoot.appendingPathComponent("Tests/MynaVADTests/Golden/silero_vad_timestamps.json")
        let root = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        let clips = try #require(root["clips"] as? [[String: Any]])
        let clip = try #require(clips.first { $0["id"] as? String == id })
        let segments = try #require(clip["segments"] as? [String: [String: [[Int]]]])
        return try #require(segments[weights]?[optionSet])
    }

    static func lines(_ segments: [[Int]]) -> String {
        segments.map { String(format: "%.3f %.3f\n", Double($0[0]) / 16_000, Double($0[1]) / 16_000) }.joined()
    }

    struct Report: Decodable {
        struct Segment: Decodable { let start: Int, end: Int, startSeconds: Double, endSeconds: Double }
        let path: String
        let durationSeconds: Double
        let speechSeconds: Double
        let segments: [Segment]
        let probabilities: [Float]?
    }

    static func reports(_ result: CommandResult) throws -> [Report] {
        try JSONDecoder().decode([Report].self, from: Data(result.standardOutput.utf8))
    }

    @Test func printsSileroSegmentsInSeconds() throws {
        let result = try MynaExecutable.run(["vad", Self.jfk])
        #expect(result.exitCode == 0, "\(result.standardError)")
        #expect(result.standardOutput == Self.lines(try Self.golden("jfk", "safetensors", "default")))
        #expect(result.standardError.isEmpty)
    }

    @Test func jsonHasSamplesAndSeconds() throws {
        let result = try MynaExecutable.run(["vad", "--json", Self.jfk])
        #expect(result.exitCode == 0, "\(result.standardError)")
        let report = try #require(try Self.reports(result).first)
        let expected = try Self.golden("jfk", "safetensors", "default")
        #expect(report.segments.map { [$0.start, $0.end] } == expected)
        #expect(report.segments.allSatisfy { $0.startSeconds == Double($0.start) / 16_000 && $0.endSeconds == Double($0.end) / 16_000 })
        #expect(report.durationSeconds == 11)
        #expect(abs(report.speechSeconds - Double(expected.reduce(0) { $0 + $1[1] - $1[0] }) / 16_000) < 1e-9)
        #expect(report.probabilities == nil)
    }

    @Test func optionsAndOtherWeights() throws {
        let threshold = try MynaExecutable.run(["vad", "--threshold", "0.3", Self.jfk])
        #expect(threshold.standardOutput == Self.lines(try Self.golden("jfk", "safetensors", "threshold-0.3")))
        let several = try MynaExecutable.run(["vad", "--threshold", "0.7", "--min-silence-ms", "300", "--speech-pad-ms", "100",
                                              Fixtures.shared("longform/long-mfa-michaelandsickmichael.flac")])
        #expect(several.standardOutput == Self.lines(try Self.golden("long-michael", "safetensors", "threshold-0.7-silence-300-pad-100")))
        let split = try MynaExecutable.run(["vad", "--max-speech-s", "3", Fixtures.shared("asr/dev/mfa-acoustic_corpus.flac")])
        #expect(split.standardOutput == Self.lines(try Self.golden("mfa-acoustic-corpus", "safetensors", "max-speech-3s")))
        let onnx = try MynaExecutable.run(["vad", "--model", Self.onnxModel, Self.jfk])
        #expect(onnx.exitCode == 0, "\(onnx.standardError)")
        #expect(onnx.standardOutput == Self.lines(try Self.golden("jfk", "jit", "default")))
    }

    @Test func probabilitiesOneLinePerStep() throws {
        let result = try MynaExecutable.run(["vad", "--json", "--probabilities", Self.jfk])
        let report = try #require(try Self.reports(result).first)
        #expect(report.probabilities?.count == (176_000 + 511) / 512)
        let text = try MynaExecutable.run(["vad", "--probabilities", Self.jfk]).standardOutput
        #expect(text.split(separator: "\n").count == 344 + 4)
        #expect(text.hasPrefix("0.000 0."))
    }

    @Test func silenceSaysNoSpeech() throws {
        let directory = try Fixtures.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("silence.wav").path
        let writer = try SoundFileWriter(path: path, format: .speech16k, encoding: .wav16)
        try writer.writeFrames(AudioBuffer(mono: [Float](repeating: 0, count: 32_000), sampleRate: 16_000))
        try writer.finishWriting()
        let result = try MynaExecutable.run(["vad", path])
        #expect(result.exitCode == 0)
        #expect(result.standardOutput == "no speech (2.000 s of audio)\n")
        let json = try Self.reports(try MynaExecutable.run(["vad", "--json", path]))
        #expect(json.first?.segments.isEmpty == true)
    }

    @Test func resampledStereoInputFindsTheSameSpeech() throws {
        // jfk at 48 kHz stereo: decoded, downmixed and resampled to 16 kHz in blocks before the detector.
        let directory = try Fixtures.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let mono = try SoundFileReader.readAll(path: Self.jfk)
        let up = try Resampling.to48kStereo(mono)
        let path = directory.appendingPathComponent("jfk48.wav").path
        let writer = try SoundFileWriter(path: path, format: up.format, encoding: .wavFloat32)
        try writer.writeFrames(up)
        try writer.finishWriting()
        let report = try #require(try Self.reports(try MynaExecutable.run(["vad", "--json", path])).first)
        let expected = try Self.golden("jfk", "safetensors", "default")
        #expect(report.segments.count == expected.count)
        for (segment, reference) in zip(report.segments, expected) {
            // Resampling twice moves probabilities a little: boundaries may move by a step or two.
            #expect(abs(segment.start - reference[0]) <= 1024 && abs(segment.end - reference[1]) <= 1024, "\(segment) vs \(reference)")
        }
    }

    @Test func badInputIsOneLineAndAnExitCode() throws {
        let missing = try MynaExecutable.run(["vad", "/nonexistent/a.flac", Self.jfk])
        #expect(missing.exitCode == 2)
        #expect(missing.standardError.hasPrefix("myna: error: /nonexistent/a.flac"))
        #expect(missing.standardError.split(separator: "\n").count == 1)
        #expect(missing.standardOutput.contains("jfk") || missing.standardOutput.contains("0.290"), "the readable file is still done")

        let threshold = try MynaExecutable.run(["vad", "--threshold", "1.5", Self.jfk])
        #expect(threshold.exitCode == 2)
        #expect(threshold.standardError.hasPrefix("myna: error: --threshold: 1.5 is not a probability"))
        #expect(threshold.standardOutput.isEmpty)

        let maxSpeech = try MynaExecutable.run(["vad", "--max-speech-s", "0.01", Self.jfk])
        #expect(maxSpeech.exitCode == 2)
        #expect(maxSpeech.standardError.hasPrefix("myna: error: --max-speech-s:"))

        let model = try MynaExecutable.run(["vad", "--model", "no-such-model", Self.jfk])
        #expect(model.exitCode == 2)
        #expect(model.standardError.hasPrefix("myna: error: no-such-model: no such Silero VAD model"))

        let wrongWeights = try MynaExecutable.run(["vad", "--model", Fixtures.models.appendingPathComponent("resemblyzer-ge2e/pretrained.pt").path, Self.jfk])
        #expect(wrongWeights.exitCode == 2)
        #expect(wrongWeights.standardError.contains("stft_conv.weight"))

        let none = try MynaExecutable.run(["vad"])
        #expect(none.exitCode != 0)
    }
}

/// jfk up-sampled to 48 kHz stereo for the resampling test (soxr through MynaDSP is not linked here: a plain
/// 3× linear interpolation is enough to make the command resample).
enum Resampling {
    static func to48kStereo(_ mono: AudioBuffer) throws -> AudioBuffer {
        let x = mono.samples
        var out: [Float] = []
        out.reserveCapacity(x.count * 6)
        for i in 0..<x.count {
            let next = i + 1 < x.count ? x[i + 1] : x[i]
            for k in 0..<3 {
                let value = x[i] + (next - x[i]) * Float(k) / 3
                out += [value, value * 0.9]
            }
        }
        return AudioBuffer(format: AudioFormat(sampleRate: 48_000, channelCount: 2), samples: out)
    }
}
