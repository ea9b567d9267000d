/// The settings of a log-mel spectrogram, as a vocoder was trained on them: the front end must reproduce them
/// exactly for the vocoder to sound right. Keys are spelled as HiFi-GAN's `config.json` spells them
/// (`sampling_rate`, `n_fft`, `hop_size`, `win_size`, `num_mels`, `fmin`, `fmax`); the rest are named here because
/// jik876/hifi-gan's `meldataset.py` fixes them in code.
///
/// A value type; share freely.
public struct MelParameters: Sendable, Hashable, Codable {
    /// Hz.
    public var sampleRate: Int
    /// FFT length, samples.
    public var fftSize: Int
    /// Samples between frames.
    public var hopLength: Int
    /// Window length, samples (centred in the FFT when shorter).
    public var windowLength: Int
    /// `hann` (periodic, as `torch.hann_window`).
    public var window: String
    /// Mel bands.
    public var melCount: Int
    /// Lower edge of the first band, Hz.
    public var minimumFrequency: Double
    /// Upper edge of the last band, Hz.
    public var maximumFrequency: Double
    /// `slaney` or `htk` mel scale.
    public var melScale: String
    /// `slaney` (unit-area triangles) or `none`.
    public var normalization: String
    /// `magnitude` (`√(re² + im² + 1e-9)` in HiFi-GAN) or `power`.
    public var spectrum: String
    /// The compression: `ln(max(x, logFloor))`.
    public var logFloor: Double
    /// Samples added on each side before framing, and how (`reflect`): HiFi-GAN pads (n_fft − hop) / 2.
    public var padding: Int
    public var padMode: String
    /// Whether frames are centred (`center=True`); HiFi-GAN frames are not.
    public var center: Bool

    public init(sampleRate: Int, fftSize: Int, hopLength: Int, windowLength: Int, window: String = "hann",
                melCount: Int, minimumFrequency: Double, maximumFrequency: Double, melScale: String = "slaney",
                normalization: String = "slaney", spectrum: String = "magnitude", logFloor: Double = 1e-5,
                padding: Int, padMode: String = "reflect", center: Bool = false) {
        self.sampleRate = sampleRate
        self.fftSize = fftSize
        self.hopLength = hopLength
        self.windowLength = windowLength
        self.window = window
        self.melCount = melCount
        self.minimumFrequency = minimumFrequency
        self.maximumFrequency = maximumFrequency
        self.melScale = melScale
        self.normalization = normalization
        self.spectrum = spectrum
        self.logFloor = logFloor
        self.padding = padding
        self.padMode = padMode
        self.center = center
    }

    enum CodingKeys: String, CodingKey {
        case sampleRate = "sampling_rate", fftSize = "n_fft", hopLength = "hop_size", windowLength = "win_size"
        case window, melCount = "num_mels", minimumFrequency = "fmin", maximumFrequency = "fmax"
        case melScale = "mel_scale", normalization, spectrum, logFloor = "log_floor", padding, padMode = "pad_mode"
        case center
    }
}
