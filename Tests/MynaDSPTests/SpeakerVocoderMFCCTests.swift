import MynaCore
import MynaDSP
import MynaTestSupport
import Testing

@Suite("GE2E, HiFi-GAN and MFCC features against their references on real speech")
struct SpeakerVocoderMFCCTests {
    @Test("GE2E mel: Resemblyzer's wav_to_mel_spectrogram (40 mels, 25 ms, 10 ms, power)")
    func ge2e() throws {
        let golden = try GoldenFile.array("ge2e_mel40")
        let samples = try SpeechClips.samples(forGolden: "ge2e_mel40")
        let actual = try GE2EMelExtractor().extract(samples)
        #expect([actual.featureCount, actual.frameCount] == golden.shape)
        #expect(actual.frameCount == 1 + samples.count / 160)
        print("ge2e:", errorSummary(actual.values, golden.values))
        // Power values span many decades and both sides run float32 FFTs, so the bound is relative where the value
        // is large and relative to the loudest band where it is faint. Measured: max |Δ| 7.6e-6 with max 38.2
        // (2e-7 of the maximum), 6.1e-7 relative on values above 1e-3 of the maximum.
        let scale = golden.values.max()!
        assertClose(actual.values, golden.values, atol: 1e-6 * scale, rtol: 1e-5)
    }

    @Test("HiFi-GAN mel: jik876/hifi-gan meldataset.mel_spectrogram (V1, 22.05 kHz)")
    func hifigan() throws {
        let golden = try GoldenFile.array("hifigan_mel80")
        let input = try GoldenFile.array("hifigan_input22050").values
        let extractor = try HiFiGANMelExtractor()
        #expect(extractor.sampleRate == 22_050)
        let actual = try extractor.extract(input)
        #expect([actual.featureCount, actual.frameCount] == golden.shape)
        #expect(actual.frameCount == input.count / 256)
        print("hifigan:", errorSummary(actual.values, golden.values))
        // Natural-log magnitudes; measured max |Δ| 4.2e-5.
        assertClose(actual.values, golden.values, atol: 1e-4)
    }

    @Test("MFCC: librosa.feature.mfcc defaults, 20 coefficients (n_fft 2048, hop 512, 128 mels, top_db 80)")
    func mfccDefaults() throws {
        let golden = try GoldenFile.array("mfcc20_librosa_defaults")
        let samples = try SpeechClips.samples(forGolden: "mfcc20_librosa_defaults")
        let actual = try MFCCExtractor(melOptions: MelSpectrogramOptions(sampleRate: 16_000), coefficientCount: 20)
            .extract(samples)
        #expect([actual.featureCount, actual.frameCount] == golden.shape)
        print("mfcc20:", errorSummary(actual.values, golden.values))
        // Coefficients up to 681 (dB units); measured max |Δ| 6.7e-4 (1e-6 of the largest).
        assertClose(actual.values, golden.values, atol: 1e-3, rtol: 1e-5)
    }

    @Test("MFCC: 13 coefficients, HTK mels 20–7600 Hz, n_fft 400, hop 160, 40 mels, with and without top_db")
    func mfccSpeech() throws {
        var options = MelSpectrogramOptions(sampleRate: 16_000)
        options.fftSize = 400
        options.hopLength = 160
        options.melCount = 40
        options.minimumFrequency = 20
        options.maximumFrequency = 7600
        options.melScale = .htk
        let samples = try SpeechClips.samples(forGolden: "mfcc13_htk_speech")
        for (name, topDecibels) in [("mfcc13_htk_speech", Float(80)), ("mfcc13_htk_speech_no_top_db", nil)] {
            let golden = try GoldenFile.array(name)
            let actual = try MFCCExtractor(melOptions: options, coefficientCount: 13, topDecibels: topDecibels)
                .extract(samples)
            #expect([actual.featureCount, actual.frameCount] == golden.shape)
            print("\(name):", errorSummary(actual.values, golden.values))
            // Coefficients up to 584; measured max |Δ| 1.8e-4.
            assertClose(actual.values, golden.values, atol: 1e-3, rtol: 1e-5, "\(name)")
        }
    }
}
