import MynaCore
import MynaTestSupport
import MynaVAD
import Testing

/// Audio and options the detector cannot use: one clear error each, never a crash or an empty result.
@Suite("Silero VAD bad input")
struct BadInputTests {
    let detector = VADFixtures.detector

    func featureError(_ body: () throws -> Void) -> FeatureError? {
        do { try body() } catch let error as FeatureError { return error } catch { Issue.record("unexpected \(error)") }
        return nil
    }

    @Test("another sample rate is refused, saying which rate is needed")
    func wrongSampleRate() {
        let error = featureError { _ = try detector.speechProbabilities([Float](repeating: 0, count: 8000), sampleRate: 8000) }
        #expect(error?.code == .wrongSampleRate)
        #expect(error?.description == "Silero VAD takes 16000 Hz audio, this is 8000 Hz; resample it to 16000 Hz first")
        let segments = featureError { _ = try detector.speechSegments([Float](repeating: 0, count: 44_100), sampleRate: 44_100) }
        #expect(segments?.code == .wrongSampleRate)
        let segmenter = try! SileroSpeechSegmenter(detector: detector)
        let stream = featureError { _ = try segmenter.feed(AudioBuffer(mono: [0, 0], sampleRate: 48_000)) }
        #expect(stream?.code == .wrongSampleRate)
        let stereo = featureError { _ = try segmenter.feed(AudioBuffer(format: AudioFormat(sampleRate: 16_000, channelCount: 2), samples: [0, 0])) }
        #expect(stereo?.code == .wrongChannelCount)
        #expect(stereo?.description.contains("downmix") == true)
    }

    @Test("empty audio is an error, not an empty result")
    func empty() {
        #expect(featureError { _ = try detector.speechProbabilities([], sampleRate: 16_000) }?.code == .empty)
        let error = featureError { _ = try detector.speechSegments([], sampleRate: 16_000) }
        #expect(error?.code == .empty)
        #expect(error?.description == "the audio is empty (0 samples); voice activity detection needs audio")
    }

    @Test("a NaN or infinite sample is named by its position, offline and in a stream, before it reaches the state")
    func nonFinite() throws {
        var samples = [Float](repeating: 0.01, count: 5000)
        samples[1234] = .nan
        let error = featureError { _ = try detector.speechProbabilities(samples, sampleRate: 16_000) }
        #expect(error?.code == .nonFinite)
        #expect(error?.description == "sample 1234 is nan; voice activity detection needs finite samples")
        samples[1234] = 0.01
        samples[4999] = -.infinity
        #expect(featureError { _ = try detector.speechSegments(samples, sampleRate: 16_000) }?.description.hasPrefix("sample 4999 is -inf") == true)

        let segmenter = try SileroSpeechSegmenter(detector: detector)
        _ = try segmenter.feed([Float](repeating: 0.01, count: 1000))
        var chunk = [Float](repeating: 0.01, count: 100)
        chunk[5] = .nan
        let streamError = featureError { _ = try segmenter.feed(chunk) }
        #expect(streamError?.description == "sample 1005 is nan; voice activity detection needs finite samples")
        // The bad chunk was refused whole: the stream goes on as if it had not been fed.
        #expect(segmenter.sampleCount == 1000)
        let session = detector.makeSession()
        let sessionError = featureError { _ = try session.probability(of: chunk) }
        #expect(sessionError?.code == .nonFinite)
        #expect(session.stepCount == 0)
    }

    @Test("options that cannot work name the field")
    func options() {
        func field(_ change: (inout SpeechTimestampOptions) -> Void) -> String? {
            var options = SpeechTimestampOptions.default
            change(&options)
            do { try options.validate() } catch let error as ConfigurationError { return error.field } catch {}
            return nil
        }
        #expect(field { _ in } == nil)
        #expect(field { $0.threshold = 0 } == "threshold")
        #expect(field { $0.threshold = 1.5 } == "threshold")
        #expect(field { $0.threshold = .nan } == "threshold")
        #expect(field { $0.negativeThreshold = 0.7 } == "negativeThreshold")
        #expect(field { $0.minSpeechDurationMs = -1 } == "minSpeechDurationMs")
        #expect(field { $0.minSilenceDurationMs = -5 } == "minSilenceDurationMs")
        #expect(field { $0.speechPadMs = -30 } == "speechPadMs")
        #expect(field { $0.maxSpeechDurationSeconds = 0 } == "maxSpeechDurationSeconds")
        #expect(field { $0.maxSpeechDurationSeconds = 0.05 } == "maxSpeechDurationSeconds")  // < 32 ms + 2 · 30 ms
        #expect(field { $0.maxSpeechDurationSeconds = 0.1 } == nil)
        #expect(throws: ConfigurationError.self) { _ = try SileroSpeechSegmenter(detector: detector, options: .init(
            threshold: 2, negativeThreshold: nil, minSpeechDurationMs: 250, maxSpeechDurationSeconds: .infinity,
            minSilenceDurationMs: 100, speechPadMs: 30, minSilenceAtMaxSpeechMs: 98, useLongestSilenceAtMaxSpeech: true)) }
        #expect(SpeechTimestampOptions.default.effectiveNegativeThreshold == 0.5 - 0.15)
    }
}
