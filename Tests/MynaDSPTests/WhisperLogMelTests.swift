import MynaCore
import MynaDSP
import MynaTestSupport
import Testing

@Suite("Whisper log-mel against openai-whisper's log_mel_spectrogram on real speech")
struct WhisperLogMelTests {
    /// The bound, on the normalised ((x + 4) / 4) values.
    static let tolerance: Float = 1e-4

    @Test("80 and 128 mel bins, no padding", arguments: [80, 128])
    func logMel(melCount: Int) throws {
        let name = "whisper_logmel\(melCount)"
        let golden = try GoldenFile.array(name)
        let samples = try SpeechClips.samples(forGolden: name)
        let actual = try WhisperLogMelExtractor(melCount: melCount).extract(samples)
        #expect([actual.featureCount, actual.frameCount] == golden.shape)
        #expect(actual.frameCount == samples.count / 160)
        print("\(name):", errorSummary(actual.values, golden.values))
        assertClose(actual.values, golden.values, atol: Self.tolerance)
    }

    @Test("one 30 s window: log_mel_spectrogram(pad_or_trim(audio)) has 3000 frames")
    func window() throws {
        let golden = try GoldenFile.array("whisper_window80")
        let entry = try GoldenFile.entry("whisper_window80")
        let samples = try SpeechClips.samples(forGolden: "whisper_window80")
        let actual = try WhisperLogMelExtractor().extractWindow(samples)
        #expect(actual.frameCount == WhisperLogMelExtractor.windowFrameCount)
        #expect(actual.frameCount == entry.totalFrames)
        try expectMatchesHeadAndTail(actual, golden: golden, tailValue: try #require(entry.tailValue), label: "window")
    }

    @Test("transcription path: 30 s of zeros appended before the STFT (padding=N_SAMPLES)")
    func paddedForTranscription() throws {
        let golden = try GoldenFile.array("whisper_padded80")
        let entry = try GoldenFile.entry("whisper_padded80")
        let samples = try SpeechClips.samples(forGolden: "whisper_padded80")
        let extractor = try WhisperLogMelExtractor(paddingSampleCount: WhisperLogMelExtractor.windowSampleCount)
        let actual = try extractor.extract(samples)
        #expect(actual.frameCount == entry.totalFrames)
        try expectMatchesHeadAndTail(actual, golden: golden, tailValue: try #require(entry.tailValue), label: "padded")
        // The decoder's first window: frames 0 ..< 3000 of the padded log-mel.
        let first = WhisperLogMelExtractor.padOrTrim(actual)
        #expect(first.frameCount == 3000 && first.featureCount == 80)
        #expect(first[5, 10] == actual[5, 10] && first[79, 2999] == actual[79, 2999])
        // A window starting near the end is zero-filled past the last frame, as pad_or_trim does.
        let last = WhisperLogMelExtractor.padOrTrim(actual, from: actual.frameCount - 10)
        #expect(last[0, 9] == actual[0, actual.frameCount - 1] && last[0, 10] == 0 && last[79, 2999] == 0)
    }

    @Test("streamed raw log-mel, normalised, equals the offline extractor")
    func streamedThenNormalised() throws {
        let samples = try SpeechClips.samples(forGolden: "whisper_logmel80")
        let extractor = try WhisperLogMelExtractor()
        let stream = extractor.makeStream()
        var frames: [FeatureMatrix] = []
        for start in stride(from: 0, to: samples.count, by: 1234) {
            frames.append(try stream.append(Array(samples[start..<min(samples.count, start + 1234)])))
        }
        frames.append(try stream.finish())
        let joined = FeatureMatrix.concatenatingFrames(frames)
        #expect(joined == (try extractor.logMel(samples)))
        #expect(WhisperLogMelExtractor.normalize(joined) == (try extractor.extract(samples)))
    }

    @Test("mel counts other than 80 and 128 are refused")
    func badMelCount() {
        expectConfigurationError(field: "melCount") { _ = try WhisperLogMelExtractor(melCount: 64) }
    }

    private func expectMatchesHeadAndTail(_ actual: FeatureMatrix, golden: (values: [Float], shape: [Int]),
                                          tailValue: Float, label: String) throws {
        let kept = golden.shape[1]
        try #require(golden.shape[0] == actual.featureCount && kept <= actual.frameCount)
        var head: [Float] = [], tail: [Float] = []
        for feature in 0..<actual.featureCount {
            for frame in 0..<actual.frameCount {
                if frame < kept { head.append(actual[feature, frame]) } else { tail.append(actual[feature, frame]) }
            }
        }
        print("whisper \(label):", errorSummary(head, golden.values))
        assertClose(head, golden.values, atol: Self.tolerance, "first \(kept) frames")
        assertClose(tail, [Float](repeating: tailValue, count: tail.count), atol: Self.tolerance, "frames after the audio")
    }
}
