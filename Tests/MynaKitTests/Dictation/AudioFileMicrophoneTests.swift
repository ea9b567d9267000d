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
        #expect(samples == (try AudioFrontEnd.readAll(.file(path: path))))
        #expect(microphone.droppedFrameCount == 0)
    }

    @Test("a 44.1 kHz stereo file arrives as 16 kHz mono, as the offline loader converts it")
    func otherRatesAreConverted() async throws {
        let directory = try Fixtures.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let mono = try AudioFrontEnd.readAll(.file(path: Fixtures.sample("jfk.flac")))
        let upsampled = try Resampler(inputRate: 16_000, outputRate: 44_100, channelCount: 1).process(mono)
        let stereo = upsampled.flatMap { [$0, 0.5 * $0] }
        let path = directory.appendingPathComponent("stereo.wav").path
        let writer = try SoundFileWriter(path: path, format: AudioFormat(sampleRate: 44_100, channelCount: 2),
                                         encoding: .wavFloat32)
        try writer.writeFrames(AudioBuffer(format: AudioFormat(sampleRate: 44_100, channelCount: 2), samples: stereo))
        try writer.finishWriting()
        let samples = try await readAll(try AudioFileMicrophone(path: path, pace: .fast), block: 4096)
        let expected = try AudioFrontEnd.readAll(.file(path: path))
        #expect(samples.count == expected.count)
        assertClose(samples, expected, atol: 1e-5, "streamed vs whole-file conversion")
    }

    /// The JFK clip at real-time pace on a virtual clock, with a 0.1 s (1600-frame) queue, and the clip's samples.
    func realTimeMicrophone() throws -> (VirtualTime, AudioFileMicrophone, [Float]) {
        let time = VirtualTime()
        let microphone = try AudioFileMicrophone(path: Fixtures.sample("jfk.flac"), pace: .realTime,
                                                 queueDuration: 0.1, clock: time.clock)
        return (time, microphone, try AudioFrontEnd.readAll(.file(path: Fixtures.sample("jfk.flac"))))
    }

    @Test("real time: a reader that falls behind the queue loses the oldest audio, counted; stop ends the input")
    func realTimeDropsAndStops() async throws {
        let (time, microphone, whole) = try realTimeMicrophone()
        // Nothing has arrived at the first read: it waits one 50 ms period, which brings 800 frames.
        let first = try #require(try await microphone.read(maxFrames: 16_000))
        #expect(first.samples == Array(whole[0..<800]))
        #expect(time.now >= 0.05 && time.now < 0.06)
        // At 0.47 s, 0.4 s behind a 0.1 s (1600-frame) queue: of the 6400 frames that arrived in whole periods,
        // the oldest 4800 are lost.
        time.advance(0.42)
        let next = try #require(try await microphone.read(maxFrames: 16_000))
        #expect(next.samples == Array(whole[5_600..<7_200]))
        #expect(microphone.droppedFrameCount == 4_800)
        // A reader that keeps up loses nothing more: a period's frames at a time, in order.
        let third = try #require(try await microphone.read(maxFrames: 16_000))
        #expect(third.samples == Array(whole[7_200..<8_000]))
        #expect(microphone.droppedFrameCount == 4_800)
        microphone.stop()
        #expect(try await microphone.read(maxFrames: 512) == nil)
    }

    @Test("real time: after the end of the file, what the queue still holds, then nil")
    func realTimeEnds() async throws {
        let (time, microphone, whole) = try realTimeMicrophone()
        _ = try #require(try await microphone.read(maxFrames: 512))
        time.advance(Double(whole.count) / 16_000 + 5)
        let last = try #require(try await microphone.read(maxFrames: 16_000))
        #expect(last.samples == Array(whole.suffix(1_600)))
        #expect(microphone.droppedFrameCount == whole.count - 800 - 1_600 + (800 - 512))
        #expect(try await microphone.read(maxFrames: 512) == nil)
    }
}

/// A clock that moves only when told to, or by exactly the time a reader sleeps.
final class VirtualTime: @unchecked Sendable {
    private let lock = NSLock()
    private var seconds = 0.0

    var now: Double {
        lock.lock()
        defer { lock.unlock() }
        return seconds
    }

    func advance(_ interval: Double) {
        lock.lock()
        seconds += interval
        lock.unlock()
    }

    var clock: PaceClock {
        PaceClock(seconds: { self.now }, sleep: { self.advance($0) })
    }
}
