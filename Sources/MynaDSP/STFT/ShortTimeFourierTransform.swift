import MynaCore

/// The short-time Fourier transform and its inverse, with librosa's and torch's conventions: frame `t` covers padded
/// samples `t · hopLength ..< t · hopLength + fftSize`, the window is centred in the frame, bins are unnormalised.
///
/// Thread-safety: immutable and `Sendable`; every method may be called from several threads at once.
public struct ShortTimeFourierTransform: Sendable {
    /// Framing, window and padding.
    public let options: STFTOptions
    /// Hz; used only in messages about input that is too short.
    public let sampleRate: Int
    let pipeline: SpectralPipeline

    /// - Throws: `ConfigurationError` for sizes that cannot work, `FeatureError.libraryFailure` if FFTW cannot plan.
    public init(options: STFTOptions, sampleRate: Int, threadCount: Int = DSPThreads.all) throws {
        self.options = options
        self.sampleRate = sampleRate
        pipeline = try SpectralPipeline(sampleRate: sampleRate, options: options, scale: .power, threadCount: threadCount)
    }

    /// Frames for `sampleCount` samples.
    public func frameCount(sampleCount: Int) -> Int { options.frameCount(sampleCount: sampleCount) }

    /// The power or magnitude spectrogram, `binCount × frames`.
    /// - Throws: `FeatureError` for empty, too short or non-finite input.
    public func spectrogram(_ samples: [Float], scale: SpectrumScale = .power) throws(FeatureError) -> FeatureMatrix {
        try pipeline.with(scale: scale).run(samples)
    }

    /// The complex STFT, `binCount × frames` (librosa `stft`).
    /// - Throws: `FeatureError` for empty, too short or non-finite input.
    public func transform(_ samples: [Float]) throws(FeatureError) -> ComplexSpectrogram {
        try samples.withUnsafeBufferPointer { (x) throws(FeatureError) -> ComplexSpectrogram in
            try pipeline.validate(x)
            let frames = frameCount(sampleCount: x.count)
            let bins = options.binCount
            var real = [Float](repeating: 0, count: bins * frames)
            var imaginary = real
            let view = SignalView(samples: x.baseAddress!, base: 0, count: x.count, head: x.baseAddress!,
                                  headCount: x.count, total: x.count, trailingZerosFrom: x.count)
            let workspace = pipeline.fft.makeWorkspace()
            let input = workspace.signal.baseAddress!
            let spectrum = workspace.spectrum.baseAddress!
            real.withUnsafeMutableBufferPointer { re in
                imaginary.withUnsafeMutableBufferPointer { im in
                    pipeline.window.withUnsafeBufferPointer { window in
                        for t in 0..<frames {
                            pipeline.fillFrame(t, of: view, window: window.baseAddress!, into: input)
                            pipeline.fft.forward(workspace)
                            for k in 0..<bins {
                                re[k * frames + t] = spectrum[2 * k]
                                im[k * frames + t] = spectrum[2 * k + 1]
                            }
                        }
                    }
                }
            }
            return ComplexSpectrogram(binCount: bins, frameCount: frames, real: real, imaginary: imaginary)
        }
    }

    /// The signal whose STFT is `spectrogram`, by weighted overlap-add (librosa `istft`): each frame's inverse FFT
    /// is multiplied by the window, the frames are summed, and the sum is divided by the overlapping squared windows
    /// wherever that sum exceeds the smallest normal float. The padding is trimmed from both ends; `length`, when
    /// given, trims or zero-pads the result to exactly that many samples.
    /// - Throws: `ConfigurationError` when the spectrogram's bin count does not match `fftSize`.
    public func inverse(_ spectrogram: ComplexSpectrogram, length: Int? = nil) throws(ConfigurationError) -> [Float] {
        guard spectrogram.binCount == options.binCount else {
            throw ConfigurationError(field: "spectrogram",
                                     message: "has \(spectrogram.binCount) bins; an FFT of \(options.fftSize) needs \(options.binCount)")
        }
        if let length, length < 0 { throw ConfigurationError(field: "length", message: "\(length) must not be negative") }
        let fftSize = options.fftSize, hop = options.hopLength, bins = options.binCount
        let frames = spectrogram.frameCount
        let padded = frames == 0 ? 0 : fftSize + hop * (frames - 1)
        var sum = [Float](repeating: 0, count: padded)
        var windowSum = [Float](repeating: 0, count: padded)
        let workspace = pipeline.fft.makeWorkspace()
        let scale = 1 / Float(fftSize)
        sum.withUnsafeMutableBufferPointer { y in
            windowSum.withUnsafeMutableBufferPointer { ws in
                pipeline.window.withUnsafeBufferPointer { w in
                    spectrogram.real.withUnsafeBufferPointer { re in
                        spectrogram.imaginary.withUnsafeBufferPointer { im in
                            let spectrum = workspace.spectrum.baseAddress!, signal = workspace.signal.baseAddress!
                            for t in 0..<frames {
                                for k in 0..<bins {
                                    spectrum[2 * k] = re[k * frames + t]
                                    spectrum[2 * k + 1] = im[k * frames + t]
                                }
                                pipeline.fft.inverse(workspace)
                                let offset = t * hop
                                for i in 0..<fftSize {
                                    y[offset + i] += signal[i] * scale * w[i]
                                    ws[offset + i] += w[i] * w[i]
                                }
                            }
                        }
                    }
                }
            }
        }
        for i in 0..<padded where windowSum[i] > Float.leastNormalMagnitude { sum[i] /= windowSum[i] }
        let padding = options.padding.resolved(fftSize: fftSize)
        let start = min(padding.left, padded)
        if let length {
            var result = Array(sum[start...].prefix(length))
            if result.count < length { result.append(contentsOf: repeatElement(0, count: length - result.count)) }
            return result
        }
        let end = max(start, padded - padding.right)
        return Array(sum[start..<end])
    }
}
