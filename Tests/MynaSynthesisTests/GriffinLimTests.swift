import Foundation
import Testing
import MynaAudioFile
import MynaCore
import MynaDSP
import MynaSynthesis
import MynaTestSupport

@Suite("Griffin-Lim vocoder")
struct GriffinLimTests {
    static let mel = MelParameters(.v1)

    /// 1.5 s of real speech (LJSpeech) at 22050 Hz, and its HiFi-GAN framed linear magnitudes `(513, frames)`.
    static func speech() throws -> (samples: [Float], magnitudes: [Float], frames: Int) {
        let audio = try SoundFileReader.readAll(path: Fixtures.shared("asr/dev/coqui-LJ001-0002.flac"))
        let samples = Array(try Resampler.resample(audio, to: 22050).samples.prefix(256 * 128))
        let stft = try ShortTimeFourierTransform(
            options: STFTOptions(fftSize: 1024, hopLength: 256, windowLength: 1024, window: .periodicHann,
                                 padding: .edges(left: 384, right: 384, .reflect)), sampleRate: 22050)
        let magnitudes = try stft.spectrogram(samples, scale: .magnitude)
        return (samples, magnitudes.values, magnitudes.frameCount)
    }

    @Test func spectralConvergenceFallsWithIterations() throws {
        let vocoder = try GriffinLimVocoder(mel: Self.mel)
        let (_, magnitudes, frames) = try Self.speech()
        var convergence: [Int: Double] = [:]
        _ = try vocoder.reconstruct(magnitudes: magnitudes, frames: frames, iterations: 64) { iteration, signal in
            if [0, 4, 16, 63].contains(iteration) {
                convergence[iteration] = try? vocoder.spectralConvergence(of: signal, magnitudes: magnitudes, frames: frames)
            }
        }
        let sc = [0, 4, 16, 63].map { convergence[$0] ?? .nan }
        print("griffin-lim spectral convergence at iterations 1, 5, 17, 64:", sc)
        // Random phases start near √2 (uncorrelated magnitudes); each stage must improve clearly.
        #expect(sc[0] > 0.5)
        #expect(sc[1] < sc[0] * 0.8 && sc[2] < sc[1] * 0.8 && sc[3] < sc[2])
        #expect(sc[3] < 0.15)
    }

    @Test func momentumConvergesFasterThanPlainGriffinLim() throws {
        var plain = GriffinLimOptions.default
        plain.momentum = 0
        let fast = try GriffinLimVocoder(mel: Self.mel), slow = try GriffinLimVocoder(mel: Self.mel, options: plain)
        let (_, magnitudes, frames) = try Self.speech()
        let a = try fast.spectralConvergence(of: try fast.reconstruct(magnitudes: magnitudes, frames: frames, iterations: 32),
                                             magnitudes: magnitudes, frames: frames)
        let b = try slow.spectralConvergence(of: try slow.reconstruct(magnitudes: magnitudes, frames: frames, iterations: 32),
                                             magnitudes: magnitudes, frames: frames)
        print("griffin-lim 32 iterations: momentum 0.99 \(a), momentum 0 \(b)")
        #expect(a < b)
    }

    @Test func melInversionIsNonNegativeAndFitsTheMel() throws {
        let (_, magnitudes, frames) = try Self.speech()
        let filterbank = try MelFilterbank(sampleRate: 22050, fftSize: 1024, melCount: 80, maximumFrequency: 8000)
        let inversion = MelInversion(filterbank: filterbank)
        var mel = [Float](repeating: 0, count: 80 * frames)
        for i in 0..<80 {
            for t in 0..<frames {
                var sum: Float = 0
                for k in 0..<513 { sum += filterbank.weights[i * 513 + k] * magnitudes[k * frames + t] }
                mel[i * frames + t] = sum
            }
        }
        let pseudoInverseOnly = inversion.magnitudes(fromMel: mel, frames: frames, iterations: 0)
        let estimate = inversion.magnitudes(fromMel: mel, frames: frames, iterations: 30)
        #expect(estimate.allSatisfy { $0 >= 0 })
        // Bins above fmax (8000 Hz is bin 371.5) are in no filter: 0.
        #expect((372..<513).allSatisfy { k in (0..<frames).allSatisfy { estimate[k * frames + $0] == 0 } })
        let before = inversion.relativeResidual(magnitudes: pseudoInverseOnly, mel: mel, frames: frames)
        let after = inversion.relativeResidual(magnitudes: estimate, mel: mel, frames: frames)
        print("mel inversion relative residual: pseudo-inverse clipped \(before), after 30 NNLS updates \(after)")
        #expect(after < 0.02)
        #expect(after <= before)
    }

    /// From a real log-mel to a waveform whose log-mel is close to it.
    @Test func vocodedSpeechHasTheInputMel() throws {
        let features = try HiFiGANFixtures.features("universal_middle")
        let vocoder = try GriffinLimVocoder(mel: Self.mel)
        let samples = try vocoder.waveform(from: features)
        #expect(samples.count == features.frameCount * 256)
        #expect(samples.allSatisfy { $0.isFinite })
        let again = try HiFiGANMelExtractor().extract(samples)
        var total = 0.0
        for i in again.values.indices { total += abs(Double(again.values[i] - features.values[i])) }
        let meanError = total / Double(again.values.count)
        print("griffin-lim log-mel mean |Δ| (natural log):", meanError)
        #expect(meanError < 0.5)
    }

    @Test func badOptionsAreNamed() throws {
        var options = GriffinLimOptions.default
        options.momentum = -1
        let error = try #require(throws: ConfigurationError.self) { _ = try GriffinLimVocoder(mel: Self.mel, options: options) }
        #expect(error.field == "momentum")
        var mel = Self.mel
        mel.spectrum = "power"
        #expect(throws: ConfigurationError.self) { _ = try GriffinLimVocoder(mel: mel) }
        let vocoder = try GriffinLimVocoder(mel: Self.mel)
        #expect(throws: ConfigurationError.self) {
            _ = try vocoder.waveform(from: FeatureMatrix(featureCount: 40, frameCount: 3, values: [Float](repeating: 0, count: 120)))
        }
        // Fewer frames than one STFT window still give frames × hop samples.
        let short = try vocoder.waveform(from: FeatureMatrix(featureCount: 80, frameCount: 2, values: [Float](repeating: -3, count: 160)))
        #expect(short.count == 512)
    }
}
