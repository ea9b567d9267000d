import MynaCore
import MynaDSP
import MynaTestSupport
import Testing

@Suite("STFT and inverse STFT against librosa on real speech")
struct STFTTests {
    @Test("|STFT|: periodic Hamming, n_fft 512, hop 128, centred with reflection")
    func hammingMagnitude() throws {
        let golden = try GoldenFile.array("stft_hamming_magnitude")
        let entry = try GoldenFile.entry("stft_hamming_magnitude")
        let samples = Array(try SpeechClips.samples(forGolden: "stft_hamming_magnitude").prefix(entry.samples!))
        let options = STFTOptions(fftSize: 512, hopLength: 128, window: .hamming(periodic: true), padding: .center(.reflect))
        let stft = try ShortTimeFourierTransform(options: options, sampleRate: 16_000)
        let actual = try stft.spectrogram(samples, scale: .magnitude)
        #expect([actual.featureCount, actual.frameCount] == golden.shape)
        print("stft hamming magnitude:", errorSummary(actual.values, golden.values))
        // librosa runs its FFT in float32 too. Measured: max |Δ| 7.5e-9 with bins up to 0.117.
        assertClose(actual.values, golden.values, atol: 1e-7, rtol: 1e-4)
    }

    @Test("|STFT|²: symmetric Hann of 300 points in a 384-point FFT, hop 96, no centring")
    func symmetricHannPower() throws {
        let golden = try GoldenFile.array("stft_symmetric_hann_power")
        let entry = try GoldenFile.entry("stft_symmetric_hann_power")
        let samples = Array(try SpeechClips.samples(forGolden: "stft_symmetric_hann_power").prefix(entry.samples!))
        let options = STFTOptions(fftSize: 384, hopLength: 96, windowLength: 300, window: .hann(periodic: false),
                                  padding: .none)
        let actual = try SpectrogramExtractor(sampleRate: 16_000, options: options, scale: .power).extract(samples)
        #expect([actual.featureCount, actual.frameCount] == golden.shape)
        print("stft symmetric hann power:", errorSummary(actual.values, golden.values))
        // Measured: max |Δ| 9.3e-10 with powers up to 0.0041.
        assertClose(actual.values, golden.values, atol: 1e-8, rtol: 1e-4)
    }

    @Test("inverse STFT of a low-passed STFT equals librosa.istft")
    func inverseOfModifiedSpectrum() throws {
        let golden = try GoldenFile.array("istft_lowpass")
        let entry = try GoldenFile.entry("istft_lowpass")
        let clip = try SpeechClips.samples(forGolden: "istft_lowpass")
        let samples = Array(clip[entry.offset!..<(entry.offset! + entry.samples!)])
        let stft = try ShortTimeFourierTransform(options: STFTOptions(fftSize: 512, hopLength: 128), sampleRate: 16_000)
        var spectrum = try stft.transform(samples)
        for bin in entry.cutoffBin!..<spectrum.binCount {
            for frame in 0..<spectrum.frameCount {
                spectrum.real[bin * spectrum.frameCount + frame] = 0
                spectrum.imaginary[bin * spectrum.frameCount + frame] = 0
            }
        }
        let actual = try stft.inverse(spectrum, length: samples.count)
        print("istft lowpass:", errorSummary(actual, golden.values))
        // Measured: max |Δ| 4.5e-8 on samples up to 0.21.
        assertClose(actual, golden.values, atol: 1e-6)
    }

    @Test("inverse(transform(x)) returns x", arguments: [
        STFTOptions(fftSize: 400, hopLength: 160, padding: .center(.reflect)),
        STFTOptions(fftSize: 512, hopLength: 128, padding: .center(.constant)),
        STFTOptions(fftSize: 1024, hopLength: 256, window: .hamming(periodic: true), padding: .center(.reflect)),
        STFTOptions(fftSize: 401, hopLength: 100, windowLength: 301, window: .hann(periodic: false), padding: .center(.constant)),
    ])
    func roundTrip(options: STFTOptions) throws {
        let samples = Array(try SpeechClips.samples("asr/dev/mfa-mfa_bottle.flac").prefix(16_000))
        let stft = try ShortTimeFourierTransform(options: options, sampleRate: 16_000)
        let restored = try stft.inverse(stft.transform(samples), length: samples.count)
        print("round trip n_fft \(options.fftSize):", errorSummary(restored, samples))
        // Measured: max |Δ| ≤ 9e-8 on samples up to 0.33.
        assertClose(restored, samples, atol: 1e-6)
    }

    @Test("power spectrogram equals |complex STFT|²")
    func spectrogramMatchesTransform() throws {
        let samples = Array(try SpeechClips.samples("asr/dev/mfa-mfa_bottle.flac").prefix(8000))
        let stft = try ShortTimeFourierTransform(options: STFTOptions(fftSize: 400, hopLength: 160), sampleRate: 16_000)
        let complex = try stft.transform(samples)
        let power = try stft.spectrogram(samples)
        let expected = zip(complex.real, complex.imaginary).map { $0 * $0 + $1 * $1 }
        #expect(power.values == expected)
    }

    @Test("frame counts follow librosa and torch")
    func frameCounts() {
        #expect(STFTOptions(fftSize: 400, hopLength: 160).frameCount(sampleCount: 16_000) == 101)
        #expect(STFTOptions(fftSize: 1024, hopLength: 256, padding: .edges(left: 384, right: 384, .reflect))
            .frameCount(sampleCount: 22_050) == 86)
        #expect(STFTOptions(fftSize: 400, hopLength: 160, padding: .none).frameCount(sampleCount: 399) == 0)
    }

    @Test("bad options name the field")
    func badOptions() {
        expectConfigurationError(field: "hopLength") {
            _ = try ShortTimeFourierTransform(options: STFTOptions(fftSize: 400, hopLength: 0), sampleRate: 16_000)
        }
        expectConfigurationError(field: "windowLength") {
            _ = try ShortTimeFourierTransform(options: STFTOptions(fftSize: 400, hopLength: 160, windowLength: 401),
                                              sampleRate: 16_000)
        }
        expectConfigurationError(field: "fftSize") {
            _ = try ShortTimeFourierTransform(options: STFTOptions(fftSize: 0, hopLength: 160), sampleRate: 16_000)
        }
    }
}
