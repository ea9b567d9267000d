import Foundation
import MynaCore
import MynaKit
import MynaRecognition
import MynaTestSupport
import Testing

/// The driver: a source that fails mid-utterance (a device unplugged) still gets the final text of what was said,
/// then its error; a source in another format is converted on the way in.
@Suite(.serialized) struct LiveDictationTests {
    /// Real speech in fixed blocks, then a device failure.
    final class FailingSource: AudioSource, @unchecked Sendable {
        let format: AudioFormat
        private var samples: ArraySlice<Float>
        init(samples: [Float], format: AudioFormat) {
            self.samples = samples[...]
            self.format = format
        }
        func read(maxFrames: Int) async throws -> AudioBuffer? {
            guard !samples.isEmpty else {
                throw AudioIOError(.deviceFailure, location: "fake", message: "snd_pcm_readi failed: No such device (-19)")
            }
            let count = min(maxFrames, 512 * format.channelCount, samples.count)
            defer { samples = samples.dropFirst(count) }
            return AudioBuffer(format: format, samples: Array(samples.prefix(count)))
        }
    }

    @Test("a device that fails during speech: the utterance so far gets its final text, then the error")
    func deviceFailureEndsWithFinalText() async throws {
        let transcriber = try DictationTestSupport.transcriber.get()
        let speech = try AudioFrontEnd.readAll(.file(path: Fixtures.shared(DictationGoldens.recordings["michael"]!)))
        let session = try DictationSession(transcriber: transcriber,
                                           vad: ScriptedVoiceActivity(try DictationGoldens.probabilities("michael")))
        var events: [DictationEvent] = []
        let error = await #expect(throws: AudioIOError.self) {
            try await LiveDictation.run(session, source: FailingSource(samples: Array(speech.prefix(16_000 * 6)),
                                                                       format: .speech16k)) { events.append($0) }
        }
        #expect(error?.code == .deviceFailure)
        let finals = DictationTestSupport.finals(events)
        try #require(finals.count == 1)
        #expect(finals[0].reason == .endOfInput)
        #expect(finals[0].text.hasPrefix("This is the acoustic corpus"), "\(finals[0].text)")
        #expect(abs(finals[0].end - 6) < 0.05, "the utterance ends where the audio did")
        let committed = DictationTestSupport.partials(events).last?.committed ?? ""
        #expect(finals[0].text.hasPrefix(committed))
    }

    @Test("48 kHz stereo input is downmixed and resampled to what the session takes")
    func otherFormatIsConverted() async throws {
        let transcriber = try DictationTestSupport.transcriber.get()
        let session = try DictationSession(transcriber: transcriber, vad: ScriptedVoiceActivity([]))
        let stereo = [Float](repeating: 0.01, count: 48_000 * 2 * 3)        // 3 s
        await #expect(throws: AudioIOError.self) {
            try await LiveDictation.run(session, source: FailingSource(samples: stereo,
                                                                       format: AudioFormat(sampleRate: 48_000, channelCount: 2))) { _ in }
        }
        #expect(abs(session.statistics.audioSeconds - 3) < 0.01, "\(session.statistics.audioSeconds) s")
    }
}
