import Foundation
import MynaCore
import MynaDSP

/// The non-neural baseline vocoder: a HiFi-GAN style log-mel back to a waveform by inverting the mel filterbank
/// (`MelInversion`) and recovering the phase with fast Griffin-Lim (Griffin & Lim 1984; momentum after Perraudin et
/// al. 2013, as librosa's `griffinlim`), on MynaDSP's STFT and its inverse with the mel's own framing.
///
/// Each iteration: `x = istft(S · e^{iφ})`, `X = stft(x)`, `φ = arg(X − α/(1+α) · X_prev)`. Thread-safety: immutable
/// and `Sendable`.
public struct GriffinLimVocoder: Vocoder {
    public let options: GriffinLimOptions
    public let mel: MelParameters
    public var sampleRate: Int { mel.sampleRate }
    public let input: VocoderInput
    let inversion: MelInversion
    let stft: ShortTimeFourierTransform

    /// Frames of context used when a long input is vocoded in chunks (`ChunkedVocoder`): about 0.4 s at 22 kHz.
    /// Griffin-Lim is not local, so chunks are only close to the whole-input result and are cross-faded.
    public static let contextFrames = 32

    /// - Parameter mel: settings of the log-mel it inverts (`HiFiGANMelExtractor`'s: magnitude, `ln(max(x, floor))`).
    /// - Throws: `ConfigurationError` for options or mel settings it cannot work with.
    public init(mel: MelParameters, options: GriffinLimOptions = .default) throws {
        try options.validate()
        guard mel.spectrum == "magnitude", mel.window == "hann", !mel.center else {
            throw ConfigurationError(field: "mel", message: """
                Griffin-Lim here inverts magnitude log-mels framed as HiFi-GAN frames them (Hann window, edge padding, \
                not centred); got \(mel.spectrum), \(mel.window), center \(mel.center)
                """)
        }
        guard mel.padding * 2 == mel.fftSize - mel.hopLength else {
            throw ConfigurationError(field: "mel", message: """
                padding \(mel.padding) must be (n_fft − hop) / 2 = \((mel.fftSize - mel.hopLength) / 2) so that each frame \
                stands for exactly hop samples
                """)
        }
        self.options = options
        self.mel = mel
        let scale: MelScale = mel.melScale == "htk" ? .htk : .slaney
        let filterbank = try MelFilterbank(sampleRate: mel.sampleRate, fftSize: mel.fftSize, melCount: mel.melCount,
                                           minimumFrequency: mel.minimumFrequency, maximumFrequency: mel.maximumFrequency,
                                           scale: scale, normalization: mel.normalization == "none" ? .none : .slaney)
        inversion = MelInversion(filterbank: filterbank)
        let mode: PadMode = mel.padMode == "constant" ? .constant : .reflect
        stft = try ShortTimeFourierTransform(
            options: STFTOptions(fftSize: mel.fftSize, hopLength: mel.hopLength, windowLength: mel.windowLength,
                                 window: .periodicHann, padding: .edges(left: mel.padding, right: mel.padding, mode)),
            sampleRate: mel.sampleRate, threadCount: 1)
        input = VocoderInput(featureCount: mel.melCount, hopLength: mel.hopLength, mel: mel, contextFrames: Self.contextFrames)
    }

    public func waveform(from features: FeatureMatrix) throws -> [Float] {
        try validate(features)
        // ln(max(x, floor)) → x; values at the floor were at most the floor, and stay there.
        let linear = features.values.map { Foundation.expf($0) }
        let magnitudes = inversion.magnitudes(fromMel: linear, frames: features.frameCount,
                                              iterations: options.projectionIterations)
        return try reconstruct(magnitudes: magnitudes, frames: features.frameCount)
    }

    /// Griffin-Lim on linear magnitudes `(fftSize / 2 + 1, frames)`: `frames × hopLength` samples.
    /// - Parameter iterations: overrides `options.iterations`.
    /// - Parameter progress: called after each iteration with the iteration and the signal it gives (for tests that
    ///   follow the convergence).
    public func reconstruct(magnitudes: [Float], frames: Int, iterations: Int? = nil,
                            progress: ((Int, [Float]) -> Void)? = nil) throws -> [Float] {
        let bins = stft.options.binCount
        precondition(magnitudes.count == bins * frames, "GriffinLimVocoder: \(magnitudes.count) magnitudes for \(bins) × \(frames)")
        // The STFT needs at least one window of samples: pad with silent frames, trim afterwards.
        let hop = mel.hopLength
        let minimumFrames = (max(mel.fftSize, mel.padding + 1) + hop - 1) / hop
        let paddedFrames = max(frames, minimumFrames)
        var s = magnitudes
        if paddedFrames > frames {
            s = [Float](repeating: 0, count: bins * paddedFrames)
            for k in 0..<bins { for t in 0..<frames { s[k * paddedFrames + t] = magnitudes[k * frames + t] } }
        }
        let length = paddedFrames * hop
        var random = SplitMix64(seed: options.seed)
        var re = [Float](repeating: 0, count: s.count), im = re
        for i in 0..<s.count {
            let angle = 2 * Double.pi * random.nextUnitInterval()
            re[i] = Float(cos(angle))
            im[i] = Float(sin(angle))
        }
        var previousRe = [Float](repeating: 0, count: s.count), previousIm = previousRe
        let beta = Float(options.momentum / (1 + options.momentum))
        let count = iterations ?? options.iterations
        func signal() throws -> [Float] {
            var spectrum = ComplexSpectrogram(binCount: bins, frameCount: paddedFrames, real: re, imaginary: im)
            for i in 0..<s.count {
                spectrum.real[i] *= s[i]
                spectrum.imaginary[i] *= s[i]
            }
            return try stft.inverse(spectrum, length: length)
        }
        for iteration in 0..<count {
            let x = try signal()
            progress?(iteration, Array(x.prefix(frames * hop)))
            let rebuilt = try stft.transform(x)
            for i in 0..<s.count {
                let a = rebuilt.real[i] - beta * previousRe[i], b = rebuilt.imaginary[i] - beta * previousIm[i]
                let norm = (a * a + b * b).squareRoot() + 1e-16
                re[i] = a / norm
                im[i] = b / norm
            }
            previousRe = rebuilt.real
            previousIm = rebuilt.imaginary
        }
        return Array(try signal().prefix(frames * hop))
    }

    /// `‖S − |STFT(x)|‖ / ‖S‖` (Frobenius): how far `samples` is from having the magnitudes `S` (Griffin-Lim's
    /// objective; 0 for a consistent spectrogram reached exactly).
    public func spectralConvergence(of samples: [Float], magnitudes: [Float], frames: Int) throws -> Double {
        let bins = stft.options.binCount
        let spectrum = try stft.transform(samples)
        precondition(spectrum.frameCount == frames, "spectralConvergence: \(spectrum.frameCount) frames, expected \(frames)")
        var error = 0.0, norm = 0.0
        for i in 0..<(bins * frames) {
            let magnitude = Double((spectrum.real[i] * spectrum.real[i] + spectrum.imaginary[i] * spectrum.imaginary[i]).squareRoot())
            let target = Double(magnitudes[i])
            error += (target - magnitude) * (target - magnitude)
            norm += target * target
        }
        return (error / max(norm, .leastNormalMagnitude)).squareRoot()
    }
}
