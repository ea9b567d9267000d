import Foundation
import MynaAudioFile
import MynaCore
import MynaDSP
import MynaTestSupport
import Testing

@Suite("myna spectrogram", .serialized)
struct SpectrogramCommandTests {
    static let clip = Fixtures.shared("asr/dev/coqui-LJ001-0002.flac")

    @Test("each kind writes a valid PNG and reports it", arguments: ["whisper", "mel", "linear", "mfcc"])
    func kinds(kind: String) throws {
        let folder = try Fixtures.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let png = folder.appendingPathComponent("out.png").path
        let result = try MynaExecutable.run(["spectrogram", Self.clip, "-o", png, "--kind", kind, "--json"])
        #expect(result.exitCode == 0, "\(result.standardError)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        #expect(json["kind"] as? String == kind && json["png"] as? String == png && json["npy"] is NSNull)
        #expect(json["sampleRate"] as? Int == 16_000 && json["hopSeconds"] as? Double == 0.01)
        let features = try #require(json["features"] as? Int)
        #expect(features == ["whisper": 80, "mel": 80, "linear": 201, "mfcc": 20][kind])
        let width = try #require(json["width"] as? Int), height = try #require(json["height"] as? Int)
        PNGChecks.expectValidRGB([UInt8](try Data(contentsOf: URL(fileURLWithPath: png))), width: width, height: height)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["out.png"], "no temporary files left")
    }

    @Test("--npy writes the Whisper features before padding, equal to the library's, loadable by numpy")
    func npy() throws {
        let folder = try Fixtures.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let png = folder.appendingPathComponent("out.png").path, npy = folder.appendingPathComponent("out.npy").path
        let result = try MynaExecutable.run(["spectrogram", Self.clip, "-o", png, "--npy", npy])
        #expect(result.exitCode == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("\(npy): float32 (80, "))
        let samples = try SoundFileReader.readAll(path: Self.clip).samples
        let expected = try WhisperLogMelExtractor().extract(samples)
        let written = try NumPyFile.read(URL(fileURLWithPath: npy))
        #expect(written.shape == [80, samples.count / 160])
        #expect(written.values == expected.values)
    }

    @Test("stereo 44.1 kHz audio is mixed down and resampled for Whisper, kept at its rate for mel")
    func otherFormats() throws {
        let folder = try Fixtures.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let wav = folder.appendingPathComponent("stereo.wav").path
        let mono = try SoundFileReader.readAll(path: Self.clip)
        let upsampled = try Resampler.resample(mono, to: 44_100)
        let stereo = AudioBuffer(format: AudioFormat(sampleRate: 44_100, channelCount: 2),
                                 samples: upsampled.samples.flatMap { [$0, $0 * 0.5] })
        let writer = try SoundFileWriter(path: wav, format: stereo.format, encoding: .wavFloat32)
        try writer.writeFrames(stereo)
        try writer.finishWriting()
        for (kind, rate) in [("whisper", 16_000), ("mel", 44_100)] {
            let result = try MynaExecutable.run(["spectrogram", wav, "-o", folder.appendingPathComponent("\(kind).png").path,
                                                 "--kind", kind, "--json"])
            #expect(result.exitCode == 0, "\(result.standardError)")
            let json = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any]
            #expect(json?["sampleRate"] as? Int == rate)
        }
    }

    @Test("bad input: one error line, exit code 2, no output file")
    func badInput() throws {
        let folder = try Fixtures.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let png = folder.appendingPathComponent("out.png").path
        let short = folder.appendingPathComponent("short.wav").path
        let writer = try SoundFileWriter(path: short, format: .speech16k, encoding: .wav16)
        try writer.writeFrames(AudioBuffer(mono: [Float](repeating: 0.1, count: 300), sampleRate: 16_000))
        try writer.finishWriting()
        let nanWAV = folder.appendingPathComponent("nan.wav").path
        try Data(Self.floatWAV([0.1, 0.2, .nan] + [Float](repeating: 0.1, count: 1000))).write(to: URL(fileURLWithPath: nanWAV))

        let cases: [(arguments: [String], message: String)] = [
            ([short, "-o", png], "\(short): the audio has 300 samples (18.8 ms), shorter than one 400-sample analysis window (25 ms at 16000 Hz)"),
            ([nanWAV, "-o", png, "--kind", "linear"], "\(nanWAV): sample 2 is nan; features need finite samples"),
            ([folder.appendingPathComponent("missing.flac").path, "-o", png], "missing.flac: "),
            // Checked before the audio is read, in OutputFile's words.
            ([Self.clip, "-o", folder.appendingPathComponent("no/such/folder.png").path], "no/such does not exist"),
        ]
        for (arguments, message) in cases {
            let result = try MynaExecutable.run(["spectrogram"] + arguments)
            #expect(result.exitCode == 2, "\(arguments)")
            #expect(result.standardError.hasPrefix("myna: error: ") && result.standardError.contains(message),
                    "\(result.standardError)")
            #expect(result.standardError.split(separator: "\n").count == 1, "\(result.standardError)")
            #expect(result.standardOutput.isEmpty)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["nan.wav", "short.wav"])
    }

    @Test("--help shows an example")
    func help() throws {
        let result = try MynaExecutable.run(["spectrogram", "--help"])
        #expect(result.exitCode == 0)
        #expect(result.standardOutput.contains("myna spectrogram audio-samples/jfk.flac -o jfk.png"))
    }

    /// A mono 16 kHz IEEE-float WAV (RIFF, `fmt ` format 3, `data`) holding `samples` as they are, NaN included.
    static func floatWAV(_ samples: [Float]) -> [UInt8] {
        func le32(_ v: Int) -> [UInt8] { (0..<4).map { UInt8((v >> (8 * $0)) & 0xFF) } }
        func le16(_ v: Int) -> [UInt8] { (0..<2).map { UInt8((v >> (8 * $0)) & 0xFF) } }
        let data = samples.flatMap { sample in (0..<4).map { UInt8((sample.bitPattern >> (8 * $0)) & 0xFF) } }
        let format = le16(3) + le16(1) + le32(16_000) + le32(64_000) + le16(4) + le16(32)
        let body = Array("WAVE".utf8) + Array("fmt ".utf8) + le32(format.count) + format + Array("data".utf8) + le32(data.count) + data
        return Array("RIFF".utf8) + le32(body.count) + body
    }
}
