import MynaDSP
import MynaTestSupport
import Testing

@Suite("Mel filterbanks against librosa.filters.mel")
struct MelFilterbankTests {
    /// librosa computes in double precision and rounds once to float32; so do we. 1e-6 absolute is the bound.
    static let tolerance: Float = 1e-6

    @Test("Whisper's 80 and 128 Slaney-normalised filters (sr 16000, n_fft 400)", arguments: [80, 128])
    func whisper(melCount: Int) throws {
        let golden = try GoldenFile.array("mel_filters_whisper\(melCount)")
        let filterbank = try MelFilterbank(sampleRate: 16_000, fftSize: 400, melCount: melCount)
        #expect(golden.shape == [melCount, 201])
        assertClose(filterbank.weights, golden.values, atol: Self.tolerance)
    }

    @Test("HTK scale with fmin 300 Hz and fmax 8000 Hz (sr 22050, n_fft 512, 40 mels)")
    func htk() throws {
        let golden = try GoldenFile.array("mel_filters_htk")
        let filterbank = try MelFilterbank(sampleRate: 22_050, fftSize: 512, melCount: 40, minimumFrequency: 300,
                                           maximumFrequency: 8000, scale: .htk)
        #expect(golden.shape == [40, 257])
        assertClose(filterbank.weights, golden.values, atol: Self.tolerance)
    }

    @Test("Slaney scale without normalisation, fmin 100 Hz, fmax 3800 Hz (sr 8000, n_fft 256, 26 mels)")
    func unnormalized() throws {
        let golden = try GoldenFile.array("mel_filters_unnormalized")
        let filterbank = try MelFilterbank(sampleRate: 8000, fftSize: 256, melCount: 26, minimumFrequency: 100,
                                           maximumFrequency: 3800, normalization: .none)
        #expect(golden.shape == [26, 129])
        assertClose(filterbank.weights, golden.values, atol: Self.tolerance)
    }

    @Test("the sparse projection equals the dense product")
    func sparseProjection() throws {
        let filterbank = try MelFilterbank(sampleRate: 16_000, fftSize: 400, melCount: 128)
        var random = TestSignals(seed: 3)
        let bins = random.signal(count: 201).map { $0 * $0 }
        let dense = (0..<128).map { mel in
            (0..<201).reduce(Float(0)) { $0 + filterbank.weights[mel * 201 + $1] * bins[$1] }
        }
        assertClose(filterbank.apply(bins), dense, atol: 1e-6, rtol: 1e-5)
    }

    @Test("mel scale conversions invert each other", arguments: [MelScale.slaney, .htk])
    func scaleRoundTrip(scale: MelScale) {
        for hertz in [0.0, 20, 500, 999.9, 1000, 1000.1, 4000, 8000, 22050] {
            assertClose(scale.hertz(fromMel: scale.mel(fromHertz: hertz)), hertz, atol: 1e-9, rtol: 1e-12)
        }
    }

    @Test("bad settings name the field")
    func badSettings() {
        expectConfigurationError(field: "melCount") {
            _ = try MelFilterbank(sampleRate: 16_000, fftSize: 400, melCount: 0)
        }
        expectConfigurationError(field: "minimumFrequency") {
            _ = try MelFilterbank(sampleRate: 16_000, fftSize: 400, melCount: 40, minimumFrequency: 9000)
        }
        expectConfigurationError(field: "fftSize") {
            _ = try MelFilterbank(sampleRate: 16_000, fftSize: 1, melCount: 40)
        }
    }
}
