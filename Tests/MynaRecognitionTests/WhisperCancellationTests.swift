import MynaAudioFile
import MynaCore
import MynaRecognition
import MynaTestSupport
import Testing

/// Cancellation reaches the token loop: a decode whose task is cancelled stops at its next decoding step with
/// `CancellationError` (greedy and beam search), not at the end of its window. `decodeUtterance` has no check of its
/// own before generating, so only the per-step check can make it throw. The same decode in a task that is not
/// cancelled gives text (the control).
@Suite struct WhisperCancellationTests {
    @Test(arguments: [1, 5])
    func cancelledDecodeStopsAtItsFirstStep(beamSize: Int) async throws {
        let transcriber = try WhisperTranscriber(model: try WhisperEncoderTests.model("whisper-tiny.en"))
        let audio = try SoundFileReader.readAll(path: Fixtures.shared("asr/dev/wcpp-jfk.flac"))
        var features = try WhisperInMemoryFeatures(samples: audio.samples, melCount: transcriber.model.configuration.nMels)
        let windowFrames = 2 * transcriber.model.configuration.audioContext
        let window = transcriber.encode(window: try features.window(
            from: 0, count: min(windowFrames, features.frameCount - 1), frames: windowFrames))
        var decoding = WhisperDecodingOptions.default
        decoding.beamSize = beamSize
        let options = decoding

        let decode = { @Sendable (cancelled: Bool) async throws -> WhisperUtteranceDecoding in
            try await Task.detached {
                if cancelled { withUnsafeCurrentTask { $0?.cancel() } }
                return try transcriber.decodeUtterance(window, previousTokens: [], prefixTokens: [], options: options)
            }.value
        }
        let control = try await decode(false)
        #expect(control.text.contains("ask not what your country can do for you"))
        await #expect(throws: CancellationError.self) { try await decode(true) }
    }
}
