import Foundation
import MynaCore
import MynaDSP
import MynaTestSupport
import Testing
@testable import MynaALSA

// The time limit guards against hangs, not pace: on 2 cores the test pool can be busy with model suites for minutes.
@Suite("ALSA playback", .timeLimit(.minutes(5)))
struct ALSAPlaybackDeviceTests {
    private func play(_ clip: AudioBuffer, on device: ALSAPlaybackDevice, blockFrames: Int = 4096) async throws {
        var start = 0
        while start < clip.samples.count {
            let end = min(start + blockFrames * clip.format.channelCount, clip.samples.count)
            try await device.write(AudioBuffer(format: clip.format, samples: Array(clip.samples[start..<end])))
            start = end
        }
        try await device.finish()
    }

    @Test("playing to ALSA's null PCM hands every frame to the device")
    func playToNull() async throws {
        let setup = try ALSATestEnvironment.prepare()
        let device = try ALSAPlaybackDevice(device: "null", format: setup.clip.format)
        #expect(device.deviceFormat == setup.clip.format)
        try await play(setup.clip, on: device)
        #expect(device.writtenFrameCount == setup.clip.frameCount)
    }

    @Test("a file PCM speaker receives the clip bit for bit")
    func playIsBitExact() async throws {
        let setup = try ALSATestEnvironment.prepare()
        let device = try ALSAPlaybackDevice(device: "mynaout", format: setup.clip.format)
        #expect(device.deviceSampleFormat == .int16LittleEndian)
        try await play(setup.clip, on: device, blockFrames: 1000)
        #expect(device.writtenFrameCount == setup.clip.frameCount)
        // finish() returns after the device was drained and closed, so the file plugin has written everything.
        let written = try ALSATestEnvironment.readInt16(setup.path("output.raw"))
        #expect(written == setup.clipInt16)
    }

    @Test("playing 16 kHz audio on a 48 kHz-only device resamples like the offline Resampler")
    func playResamples() async throws {
        let setup = try ALSATestEnvironment.prepare()
        let device = try ALSAPlaybackDevice(device: "mynaout48k", format: setup.clip.format)
        #expect(device.deviceFormat == AudioFormat(sampleRate: 48_000, channelCount: 1))
        try await play(setup.clip, on: device)
        #expect(device.writtenFrameCount == setup.clip.frameCount * 3)
        let resampler = try Resampler(inputRate: 16_000, outputRate: 48_000, channelCount: 1)
        let expected = try resampler.process(setup.clip.samples) + resampler.flush()
        let written = try ALSATestEnvironment.readInt16(setup.path("output48k.raw")).map { Float($0) / 32768 }
        // The device stores 16-bit samples: half a quantisation step of rounding.
        assertClose(written, expected, atol: 0.5 / 32768 + 1e-7, "48 kHz playback vs offline Resampler")
    }

    @Test("a buffer in another format is refused")
    func formatMismatch() async throws {
        _ = try ALSATestEnvironment.prepare()
        let device = try ALSAPlaybackDevice(device: "null", format: .speech16k)
        let stereo = AudioBuffer(format: AudioFormat(sampleRate: 16_000, channelCount: 2), samples: [0, 0])
        let error = await #expect(throws: AudioIOError.self) { try await device.write(stereo) }
        #expect(error?.code == .invalidArgument)
        try await device.finish()
        #expect(device.writtenFrameCount == 0)
    }

    @Test("stop() ends playback at once and later writes are refused")
    func stopDiscards() async throws {
        _ = try ALSATestEnvironment.prepare()
        let device = try ALSAPlaybackDevice(device: "null", format: AudioFormat(sampleRate: 8_000, channelCount: 2))
        try await device.write(AudioBuffer(format: device.format, samples: [Float](repeating: 0.25, count: 16_000)))
        device.stop()
        try await device.finish()
        await #expect(throws: CancellationError.self) {
            try await device.write(AudioBuffer(format: device.format, samples: [0, 0]))
        }
    }

    @Test("a missing playback device is a one-line deviceNotFound error", arguments: ["nosuchpcm", "hw:9,0"])
    func missingDevice(name: String) throws {
        _ = try ALSATestEnvironment.prepare()
        let error = try #require(throws: AudioIOError.self) {
            try ALSAPlaybackDevice(device: name, format: .speech16k)
        }
        #expect(error.code == .deviceNotFound)
        #expect(error.location == name)
        #expect(!error.description.contains("\n"))
    }
}
