import Foundation
import MynaAudioFile
import MynaCore
import MynaDSP
import MynaKit
import MynaTestSupport
import Testing

/// A file played as a microphone: the same samples as loading it, in real time or as fast as read.
@Suite struct AudioFileMicrophoneTests {
    func readAll(_ microphone: AudioFileMicrophone, block: Int) async throws -> [Float] {
        var samples: [Float] = []
        while let buffer = try await microphone.read(maxFrames: block) {
            #expect(buffer.format == .speech16k && buffer.frameCount <= block)
            samples += buffer.samples
        }
        return samples
    }

    @Test("fast: every sample of a 16 kHz file, in blocks of the size asked for")
    func fastIsTheWholeFile() async throws {
        let path = Fixtures.sample("jfk.flac")
        let microphone = try AudioFileMicrophone(path: path, pace: .fast)
        let samples = try await readAll(microphone, block: 512)
        #expect(samples == (try SpeechAudioLoader.load(path: path)))
        #expect(microphone.droppedFrameCount == 0)
    }

    @Test("a 44.1 kHz stereo file arrives as 16 kHz mono, as the offline loader converts it")
    func otherRatesAreConverted() async throws {
        let directory = try Fixtures.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let mono = try SpeechAudioLoader.load(path: Fixtures.sample("jfk.flac"))
        let upsampled = try Resampler(inputRate: 16_000, outputRate: 44_100, channelCount: 1).process(mono)
        let stereo = upsampled.flatMap { [$0, 0.5 * $0] }
        let path = directory.appendingPathComponent("stereo.wav").path
        let writer = try SoundFileWriter(path: path, format: AudioFormat(sampleRate: 44_100, channelCount: 2),
                                         encoding: .wavFloat32)
        try writer.writeFrames(AudioBuffer(format: AudioFormat(sampleRate: 44_100, channelCount: 2), samples: stereo))
        try writer.finishWriting()
        let samples = try await readAll(try AudioFileMicrophone(path: path, pace: .fast), block: 4096)
        let expected = try SpeechAudioLoader.load(path: path)
        #expect(samples.count == expected.count)
        assertClose(samples, expected, atol: 1e-5, "streamed vs whole-file conversion")
    }

    @Test("real time: a reader that falls behind the queue loses the oldest audio, counted; stop ends the input")
    func realTimeDropsAndStops() async throws {
        let microphone = try AudioFileMicrophone(path: Fixtures.sample("jfk.flac"), pace: .realTime, queueDuration: 0.1)
        let first = try #require(try await microphone.read(maxFrames: 16_000))
        #expect(first.frameCount <= 1_600, "no more than the queue holds")
        try await Task.sleep(nanoseconds: 400_000_000)                      // 0.4 s behind a 0.1 s queue
        let next = try #require(try await microphone.read(maxFrames: 16_000))
        #expect(next.frameCount <= 1_600)
        #expect(microphone.droppedFrameCount > 0)
        microphone.stop()
        #expect(try await microphone.read(maxFrames: 512) == nil)
    }
}
