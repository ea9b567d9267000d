import MynaCore

/// The HiFi-GAN vocoder's mel spectrogram, equal to jik876/hifi-gan's `meldataset.mel_spectrogram(center=False)`:
/// reflect padding of `(fftSize − hopLength) / 2` samples on each side, frames without centring, periodic Hann
/// window, magnitude `√(re² + im² + 1e-9)`, Slaney mel filters, `ln(max(x, 1e-5))`.
///
/// Thread-safety: immutable and `Sendable`.
public struct HiFiGANMelExtractor: FeatureExtractor {
    /// The mel settings of a HiFi-GAN checkpoint's `config.json`; defaults are the V1 config
    /// (`config_v1.json`, also `models/hifigan-v1/config.json`).
    public struct Options: Sendable, Hashable, Codable {
        /// `sampling_rate`, Hz.
        public var sampleRate = 22_050
        /// `n_fft`, samples.
        public var fftSize = 1024
        /// `hop_size`, samples.
        public var hopLength = 256
        /// `win_size`, samples.
        public var windowLength = 1024
        /// `num_mels`.
        public var melCount = 80
        /// `fmin`, Hz.
        public var minimumFrequency = 0.0
        /// `fmax`, Hz.
        public var maximumFrequency = 8000.0

        public init() {}

        /// The V1 configuration.
        public static let v1 = Options()

        /// Checks the values, naming the field and the fix.
        public func validate() throws(ConfigurationError) {
            guard sampleRate >= 1 else { throw ConfigurationError(field: "sampling_rate", message: "\(sampleRate) Hz must be positive") }
            guard hopLength <= fftSize else {
                throw ConfigurationError(field: "hop_size", message: "\(hopLength) must not exceed n_fft \(fftSize)")
            }
        }
    }

    public let options: Options
    /// Hz (`options.sampleRate`).
    public var sampleRate: Int { options.sampleRate }
    let pipeline: SpectralPipeline

    public init(options: Options = .v1, threadCount: Int = DSPThreads.all) throws {
        try options.validate()
        self.options = options
        let padding = (options.fftSize - options.hopLength) / 2
        let stft = STFTOptions(fftSize: options.fftSize, hopLength: options.hopLength, windowLength: options.windowLength,
                               window: .periodicHann, padding: .edges(left: padding, right: padding, .reflect))
        let filterbank = try MelFilterbank(sampleRate: options.sampleRate, fftSize: options.fftSize,
                                           melCount: options.melCount, minimumFrequency: options.minimumFrequency,
                                           maximumFrequency: options.maximumFrequency)
        pipeline = try SpectralPipeline(sampleRate: options.sampleRate, options: stft, scale: .magnitudeWithPowerOffset(1e-9),
                                        filterbank: filterbank, compression: .naturalLog(floor: 1e-5),
                                        threadCount: threadCount)
    }

    /// `melCount × frames` log-mel magnitudes; with the V1 settings `frames = samples.count / 256`.
    /// - Throws: `FeatureError` for empty, too short (< 1024 samples) or non-finite audio.
    public func extract(_ samples: [Float]) throws -> FeatureMatrix { try pipeline.run(samples) }

    /// A stream returning the same frames as `extract`.
    public func makeStream() -> FeatureStream { FeatureStream(pipeline: pipeline) }
}
