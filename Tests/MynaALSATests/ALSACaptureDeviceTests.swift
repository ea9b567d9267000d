import Foundation
import MynaCore
import MynaDSP
import MynaTestSupport
import Testing
@testable import MynaALSA

/// Capture through the real ALSA API (snd_pcm_open, hw_params, readi) from the test PCMs of `ALSATestEnvironment`.
// The time limit guards against hangs, not pace: on 2 cores the test pool can be busy with model suites for minutes.
@Suite("ALSA capture", .timeLimit(.minutes(5)))
struct ALSACaptureDeviceTests {
    /// Reads until `frameCount` frames arrived (the test PCMs never end: silence follows the clip).
    private func read(_ device: ALSACaptureDevice, frameCount: Int) async throws -> [Float] {
        var samples: [Float] = []
        while samples.count < frameCount * device.format.channelCount {
            let remaining = frameCount - samples.count / device.format.channelCount
            let buffer = try #require(try await device.read(maxFrames: min(remaining, 4096)))
            #expect(buffer.format == device.format)
            #expect(buffer.frameCount > 0)
            samples += buffer.samples
        }
        return samples
    }

    /// Everything `read` still returns after `stop()`, up to its nil.
    private func drain(_ device: ALSACaptureDevice) async throws -> [Float] {
        var samples: [Float] = []
        while let buffer = try await device.read(maxFrames: 65_536) { samples += buffer.samples }
        return samples
    }

    @Test("a file PCM microphone at the clip's rate returns the clip bit for bit")
    func captureIsBitExact() async throws {
        let setup = try ALSATestEnvironment.prepare()
        let device = try ALSACaptureDevice(device: "mynatest", format: .speech16k,
                                           options: ALSACaptureOptions(overflowPolicy: .waitForReader))
        #expect(device.deviceFormat == .speech16k)
        #expect(device.deviceSampleFormat == .int16LittleEndian, "the linear plugin offers integer formats only")
        let padded = setup.paddedClip
        let captured = try await read(device, frameCount: padded.count)
        #expect(captured == padded)
        device.stop()
        let rest = try await drain(device)
        #expect(device.capturedFrameCount == padded.count + rest.count)
        #expect(device.droppedFrameCount == 0)
        #expect(device.overrunCount == 0)
        #expect(try await device.read(maxFrames: 1) == nil, "read keeps returning nil after the end")
    }

    @Test("capturing at 24 kHz from a 16 kHz-only device resamples like the offline Resampler")
    func captureResamples() async throws {
        let setup = try ALSATestEnvironment.prepare()
        let format = AudioFormat(sampleRate: 24_000, channelCount: 1)
        let device = try ALSACaptureDevice(device: "mynatest16k", format: format,
                                           options: ALSACaptureOptions(overflowPolicy: .waitForReader))
        #expect(device.deviceFormat == .speech16k)
        // Without a flush, the offline resampler returns only output that depends on the clip and its padding, which
        // the device delivers too (what follows the padding is undefined).
        let resampler = try Resampler(inputRate: 16_000, outputRate: 24_000, channelCount: 1)
        let expected = try resampler.process(setup.paddedClip)
        #expect(expected.count > setup.clip.frameCount * 3 / 2, "the comparison covers the whole clip")
        let captured = try await read(device, frameCount: expected.count)
        assertClose(captured, expected, atol: 1e-6, "capture through ALSA vs offline Resampler")
        device.stop()
        let rest = try await drain(device)
        let total = captured.count + rest.count
        #expect(total == (device.capturedFrameCount * 3 + 1) / 2, "round(device frames × 1.5) output frames in all")
        #expect(device.droppedFrameCount == 0)
    }

    @Test("a missing device is a one-line deviceNotFound error naming it", arguments: ["nosuchpcm", "hw:9,0", "plughw:9,0"])
    func missingDevice(name: String) throws {
        _ = try ALSATestEnvironment.prepare()
        let error = try #require(throws: AudioIOError.self) { try ALSACaptureDevice(device: name) }
        #expect(error.code == .deviceNotFound)
        #expect(error.location == name)
        #expect(error.message.contains("snd_pcm_open"))
        #expect(!error.description.contains("\n"))
    }

    @Test("alsa-lib's own message becomes part of the error")
    func alsaMessageIsKept() throws {
        _ = try ALSATestEnvironment.prepare()
        let error = try #require(throws: AudioIOError.self) { try ALSACaptureDevice(device: "nosuchpcm") }
        #expect(error.message.contains("Unknown PCM nosuchpcm"))
    }

    @Test("a full queue drops the oldest audio and counts it")
    func dropOldestCounts() async throws {
        _ = try ALSATestEnvironment.prepare()
        // `null` captures silence as fast as it is read: with nobody reading, a 50 ms queue overflows at once.
        let device = try ALSACaptureDevice(device: "null", format: .speech16k,
                                           options: ALSACaptureOptions(queueDuration: 0.05, overflowPolicy: .dropOldest))
        var waited = 0
        while device.droppedFrameCount == 0 && waited < 10_000 {
            try await Task.sleep(for: .milliseconds(10))
            waited += 10
        }
        #expect(device.droppedFrameCount > 0)
        let buffer = try #require(try await device.read(maxFrames: 100_000))
        #expect(buffer.frameCount <= 800, "no more than the 50 ms queue")
        device.stop()
        _ = try await drain(device)
    }

    @Test("implausible formats and options are refused before opening")
    func invalidArguments() throws {
        let error = try #require(throws: AudioIOError.self) {
            try ALSACaptureDevice(device: "null", format: AudioFormat(sampleRate: 0, channelCount: 1))
        }
        #expect(error.code == .invalidFormat)
        let configurationError = try #require(throws: ConfigurationError.self) {
            try ALSACaptureDevice(device: "null", options: ALSACaptureOptions(queueDuration: 0))
        }
        #expect(configurationError.field == "queueDuration")
    }
}
