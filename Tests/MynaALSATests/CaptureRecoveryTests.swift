import MynaCore
import Testing
@testable import MynaALSA

/// The capture thread's answers to an overrun and to a device that disappears, on a scripted stream (a machine
/// without a sound card cannot make ALSA overrun or unplug; see `ScriptedCaptureStream`). The oracle is the clip
/// itself: what was not lost must arrive bit for bit, in order.
// The time limit guards against hangs, not pace: on 2 cores the test pool can be busy with model suites for minutes.
@Suite("ALSA capture recovery", .timeLimit(.minutes(5)))
struct CaptureRecoveryTests {
    private static let periodFrameCount = 400

    private func device(playing clip: [Int16], failures: [Int: ScriptedCaptureStream.Failure])
        throws -> (ALSACaptureDevice, ScriptedCaptureStream) {
        let stream = ScriptedCaptureStream(frames: clip, periodFrameCount: Self.periodFrameCount, failures: failures)
        let device = try ALSACaptureDevice(stream: stream, format: .speech16k,
                                           options: ALSACaptureOptions(overflowPolicy: .waitForReader))
        return (device, stream)
    }

    /// Reads `frameCount` frames, or fewer if capture ends or fails first (then also the error).
    private func read(_ device: ALSACaptureDevice, frameCount: Int) async -> ([Float], (any Error)?) {
        var samples: [Float] = []
        do {
            while samples.count < frameCount {
                guard let buffer = try await device.read(maxFrames: min(frameCount - samples.count, 1000)) else { break }
                samples += buffer.samples
            }
        } catch {
            return (samples, error)
        }
        return (samples, nil)
    }

    /// The first index where `a` and `b` differ (nil when one is a prefix of the other); keeps failures readable.
    private func firstDifference(_ a: [Float], _ b: [Float]) -> Int? {
        a.indices.first { $0 < b.count && a[$0] != b[$0] }
    }

    @Test("an overrun in snd_pcm_readi is recovered and counted; the audio after the lost part arrives unchanged")
    func overrunInRead() async throws {
        let setup = try ALSATestEnvironment.prepare()
        let clip = setup.clip.samples
        let (device, stream) = try device(playing: setup.clipInt16,
                                          failures: [5: .overrunInRead(lostFrames: 1200)])
        let expected = Array(clip[..<2000] + clip[3200...])
        let (captured, error) = await read(device, frameCount: expected.count)
        #expect(error == nil)
        #expect(captured.count == expected.count)
        #expect(firstDifference(captured, expected) == nil)
        #expect(device.overrunCount == 1)
        #expect(device.droppedFrameCount == 0)
        device.stop()
        while try await device.read(maxFrames: 65_536) != nil {}
        #expect(stream.isClosed)
    }

    @Test("overruns in snd_pcm_wait and snd_pcm_readi of one stream: both counted, capture goes on after each")
    func overrunsInWaitAndRead() async throws {
        let setup = try ALSATestEnvironment.prepare()
        let clip = setup.clip.samples
        let (device, _) = try device(playing: setup.clipInt16,
                                     failures: [3: .overrunInWait(lostFrames: 400), 10: .overrunInRead(lostFrames: 800)])
        // Periods 0-2 (1200 frames), 400 lost, periods 3-9 (frames 1600..<4400), 800 lost, then from 5200 on.
        let expected = Array(clip[..<1200] + clip[1600..<4400] + clip[5200...])
        let (captured, error) = await read(device, frameCount: expected.count)
        #expect(error == nil)
        #expect(captured.count == expected.count)
        #expect(firstDifference(captured, expected) == nil)
        #expect(device.overrunCount == 2)
        device.stop()
    }

    @Test("a device unplugged mid-stream: the audio before it, then one error line naming it; the stream is closed")
    func unplugged() async throws {
        let setup = try ALSATestEnvironment.prepare()
        let clip = setup.clip.samples
        let (device, stream) = try device(playing: setup.clipInt16,
                                          failures: [8: .unplugged])
        let (captured, error) = await read(device, frameCount: clip.count)
        let before = Array(clip[..<(8 * Self.periodFrameCount)])
        #expect(captured.count == before.count)
        #expect(firstDifference(captured, before) == nil)
        let failure = try #require(error as? AudioIOError)
        #expect(failure.code == .deviceNotFound)
        #expect(failure.location == "scripted")
        #expect(failure.message.contains("snd_pcm_readi"))
        #expect(!failure.description.contains("\n"))
        #expect(stream.isClosed)
        await #expect(throws: AudioIOError.self, "every later read throws it again") {
            try await device.read(maxFrames: 1)
        }
    }
}
