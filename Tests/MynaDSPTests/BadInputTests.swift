import MynaCore
import MynaDSP
import MynaTestSupport
import Testing

@Suite("Bad input is refused with one clear message")
struct BadInputTests {
    static let extractors: [@Sendable () throws -> any FeatureExtractor] = [
        { try WhisperLogMelExtractor() }, { try WhisperLogMelExtractor(paddingSampleCount: 480_000) },
        { try GE2EMelExtractor() }, { try HiFiGANMelExtractor() },
        { try MFCCExtractor(melOptions: MelSpectrogramOptions(sampleRate: 16_000)) },
        { try MelSpectrogramExtractor(options: .speech(sampleRate: 44_100)) },
        { try SpectrogramExtractor(sampleRate: 8000, options: STFTOptions(fftSize: 256, hopLength: 64)) },
    ]

    @Test("empty audio")
    func empty() throws {
        for make in Self.extractors {
            let extractor = try make()
            expectFeatureError(.empty, containing: "the audio is empty (0 samples)") { _ = try extractor.extract([Float]()) }
        }
    }

    @Test("audio shorter than one window")
    func tooShort() throws {
        expectFeatureError(.tooShort, containing: "399 samples (24.9 ms), shorter than one 400-sample analysis window (25 ms at 16000 Hz)") {
            _ = try WhisperLogMelExtractor().extract([Float](repeating: 0.1, count: 399))
        }
        expectFeatureError(.tooShort, containing: "shorter than one 400-sample") {
            _ = try WhisperLogMelExtractor().extractWindow([Float](repeating: 0.1, count: 100))
        }
        expectFeatureError(.tooShort, containing: "1024-sample analysis window") {
            _ = try HiFiGANMelExtractor().extract([Float](repeating: 0.1, count: 1000))
        }
        expectFeatureError(.tooShort, containing: "2048-sample") {
            _ = try MFCCExtractor(melOptions: MelSpectrogramOptions(sampleRate: 16_000)).extract([Float](repeating: 0.1, count: 2047))
        }
        // Exactly one window is enough.
        #expect(try WhisperLogMelExtractor().extract([Float](repeating: 0.1, count: 400)).frameCount == 2)
    }

    @Test("NaN and infinite samples", arguments: [Float.nan, .infinity, -.infinity])
    func nonFinite(value: Float) throws {
        for make in Self.extractors {
            let extractor = try make()
            var samples = [Float](repeating: 0.01, count: 30_000)
            samples[12_345] = value
            expectFeatureError(.nonFinite, containing: "sample 12345 is \(value)") { _ = try extractor.extract(samples) }
            samples[12_345] = 0
            samples[29_999] = value  // in the scalar tail of the vector scan
            expectFeatureError(.nonFinite, containing: "sample 29999") { _ = try extractor.extract(samples) }
        }
    }

    @Test("wrong sample rate or channel count")
    func wrongFormat() throws {
        let whisper = try WhisperLogMelExtractor()
        let audio44k = AudioBuffer(mono: [Float](repeating: 0.1, count: 44_100), sampleRate: 44_100)
        expectFeatureError(.wrongSampleRate, containing: "44100 Hz; this extractor takes 16000 Hz (resample first)") {
            _ = try whisper.extract(audio44k)
        }
        let hifigan = try HiFiGANMelExtractor()
        let audio16k = AudioBuffer(mono: [Float](repeating: 0.1, count: 16_000), sampleRate: 16_000)
        expectFeatureError(.wrongSampleRate, containing: "takes 22050 Hz") { _ = try hifigan.extract(audio16k) }
        let stereo = AudioBuffer(format: AudioFormat(sampleRate: 16_000, channelCount: 2),
                                 samples: [Float](repeating: 0.1, count: 32_000))
        expectFeatureError(.wrongChannelCount, containing: "2 channels") { _ = try whisper.extract(stereo) }
        // The right format goes through.
        #expect(try whisper.extract(audio16k).frameCount == 100)
    }

    @Test("errors read as one line and take a location")
    func errorLine() {
        let error = FeatureError(.nonFinite, message: "sample 3 is nan; features need finite samples").at("a.flac")
        #expect(error.description == "a.flac: sample 3 is nan; features need finite samples")
    }
}
