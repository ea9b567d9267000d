import Foundation
import MynaAudioFile
import MynaCore
import MynaDSP
import MynaKit
import MynaRecognition
import MynaTestSupport
import Testing

/// The one audio front end: a file, its bytes in memory and its decoded samples give the same 16 kHz mono blocks, and
/// those equal an independent computation (channels averaged by hand, the whole signal resampled by soxr in one call).
@Suite struct AudioFrontEndTests {
    /// 2.5 s of stereo at 22.05 kHz, different in each channel (a chirp and seeded noise), stored as float WAV so that
    /// the file holds exactly the buffer's samples.
    static func stereoClip(in folder: URL) throws -> (buffer: AudioBuffer, path: String) {
        let rate = 22_050, frames = 55_125
        var generator = SeededGenerator(seed: 7)
        var samples = [Float](repeating: 0, count: frames * 2)
        for frame in 0..<frames {
            let t = Double(frame) / Double(rate)
            samples[2 * frame] = Float(0.5 * sin(2 * Double.pi * (200 + 900 * t) * t))
            samples[2 * frame + 1] = Float.random(in: -0.3...0.3, using: &generator)
        }
        let buffer = AudioBuffer(format: AudioFormat(sampleRate: rate, channelCount: 2), samples: samples)
        let path = folder.appendingPathComponent("stereo.wav").path
        let writer = try SoundFileWriter(path: path, format: buffer.format, encoding: .wavFloat32)
        try writer.writeFrames(buffer)
        try writer.finishWriting()
        return (buffer, path)
    }

    static func blocks(_ input: AudioInput, blockFrames: Int = AudioFrontEnd.defaultBlockFrames) throws -> [Float] {
        let frontEnd = try AudioFrontEnd(input, sampleRate: 16_000, blockFrames: blockFrames)
        var samples: [Float] = []
        while let block = try frontEnd.nextBlock() { samples += block }
        #expect(frontEnd.sourceFramesRead == frontEnd.sourceFrameCount)
        return samples
    }

    @Test func fileBytesAndSamplesGiveTheSameBlocksAsAnIndependentConversion() throws {
        let folder = try Fixtures.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let clip = try Self.stereoClip(in: folder)
        let fromFile = try Self.blocks(.file(path: clip.path))
        let fromBytes = try Self.blocks(.encoded(try Data(contentsOf: URL(fileURLWithPath: clip.path)), name: "upload.wav"))
        let fromSamples = try Self.blocks(.samples(clip.buffer, name: "buffer"))
        #expect(fromBytes == fromFile)
        #expect(fromSamples == fromFile)

        // Oracle: average the channels by hand, resample everything in one soxr call.
        let frames = clip.buffer.frameCount
        let stereo = clip.buffer.samples
        var mono = [Float](repeating: 0, count: frames)
        for frame in 0..<frames {
            let left: Float = stereo[2 * frame], right: Float = stereo[2 * frame + 1]
            mono[frame] = (left + right) / 2
        }
        let resampler = try Resampler(inputRate: 22_050, outputRate: 16_000, channelCount: 1)
        let expected = try resampler.process(mono) + resampler.flush()
        #expect(fromFile.count == expected.count)
        let difference = zip(fromFile, expected).map { abs($0 - $1) }.max() ?? .infinity
        #expect(difference < 1e-5, "largest difference \(difference)")
        // Block size does not change the result beyond soxr's own rounding.
        let small = try Self.blocks(.file(path: clip.path), blockFrames: 1_000)
        #expect(small.count == fromFile.count)
        #expect((zip(small, fromFile).map { abs($0 - $1) }.max() ?? .infinity) < 1e-5)
    }

    @Test func emptyAndUnreadableInputsAreErrorsNamingTheInput() throws {
        let empty = AudioBuffer(format: AudioFormat(sampleRate: 16_000, channelCount: 1), samples: [])
        let error = try #require(throws: AudioIOError.self) { try AudioFrontEnd(.samples(empty, name: "upload")) }
        #expect(error.code == .empty && error.location == "upload")
        let garbage = try #require(throws: AudioIOError.self) {
            try AudioFrontEnd(.encoded(Data("not audio".utf8), name: "notes.txt"))
        }
        #expect(garbage.location == "notes.txt")
    }

    /// Whisper's features from bytes in memory are the features of the file (so a transcription from an upload is
    /// the transcription of the file).
    @Test func whisperFeaturesFromBytesEqualThoseOfTheFile() throws {
        let path = Fixtures.sample("jfk.flac")
        let fromFile = try WhisperFileFeatures(path: path, melCount: 80)
        let fromBytes = try WhisperFileFeatures(input: .encoded(try Data(contentsOf: URL(fileURLWithPath: path)), name: "jfk"),
                                                melCount: 80)
        #expect(fromBytes.frameCount == fromFile.frameCount && fromBytes.duration == fromFile.duration)
        let a = try fromFile.window(from: 0, count: 3000, frames: 3000)
        let b = try fromBytes.window(from: 0, count: 3000, frames: 3000)
        #expect(a.values == b.values)
    }

    @Test func theConverterOfLiveAudioMatchesTheFrontEnd() throws {
        let folder = try Fixtures.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let clip = try Self.stereoClip(in: folder)
        let converter = try AudioFrontEnd.Converter(from: 22_050, to: 16_000)
        let reader = try SoundFileReader(path: clip.path)
        var live: [Float] = []
        while let buffer = try reader.readFrames(maxFrames: AudioFrontEnd.defaultBlockFrames) { live += try converter.convert(buffer) }
        live += try converter.flush()
        #expect(live == (try Self.blocks(.file(path: clip.path))))
    }
}
