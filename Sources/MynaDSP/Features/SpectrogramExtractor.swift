import MynaCore

/// A linear-frequency spectrogram: `|STFT|²` or `|STFT|` per bin (`np.abs(librosa.stft(...)) ** power`).
///
/// Thread-safety: immutable and `Sendable`.
public struct SpectrogramExtractor: FeatureExtractor {
    /// Hz.
    public let sampleRate: Int
    /// Framing and window.
    public let options: STFTOptions
    /// Power or magnitude.
    public let scale: SpectrumScale
    let pipeline: SpectralPipeline

    /// - Throws: `ConfigurationError` naming the field that cannot work.
    public init(sampleRate: Int, options: STFTOptions, scale: SpectrumScale = .power,
                threadCount: Int = DSPThreads.all) throws {
        guard sampleRate >= 1 else { throw ConfigurationError(field: "sampleRate", message: "\(sampleRate) Hz must be positive") }
        self.sampleRate = sampleRate
        self.options = options
        self.scale = scale
        pipeline = try SpectralPipeline(sampleRate: sampleRate, options: options, scale: scale, threadCount: threadCount)
    }

    /// Speech framing at `sampleRate`: 25 ms periodic Hann window, 10 ms hop, centred with zero padding.
    public static func speechOptions(sampleRate: Int) -> STFTOptions {
        let speech = MelSpectrogramOptions.speech(sampleRate: sampleRate)
        return speech.stftOptions
    }

    /// `(fftSize / 2 + 1) × frames` values; bin `k` is `k · sampleRate / fftSize` Hz.
    /// - Throws: `FeatureError` for empty, too short or non-finite audio.
    public func extract(_ samples: [Float]) throws -> FeatureMatrix { try pipeline.run(samples) }

    /// A stream returning the same frames as `extract`.
    public func makeStream() -> FeatureStream { FeatureStream(pipeline: pipeline) }
}
