import MynaCore

/// The parameters of `librosa.feature.melspectrogram`, with librosa 0.11's defaults.
public struct MelSpectrogramOptions: Sendable, Hashable {
    /// Hz of the audio.
    public var sampleRate: Int
    /// `n_fft`, samples (librosa default 2048).
    public var fftSize = 2048
    /// `hop_length`, samples (librosa default `win_length / 4` = 512).
    public var hopLength = 512
    /// `win_length`, samples (`nil`: `fftSize`).
    public var windowLength: Int?
    public var window = Window.periodicHann
    /// `center=True` with `pad_mode` (librosa ≥ 0.10 default: zeros), or no padding.
    public var padding = FramePadding.center(.constant)
    /// `power=2.0` (`.power`) or `power=1.0` (`.magnitude`).
    public var scale = SpectrumScale.power
    /// `n_mels` (librosa default 128).
    public var melCount = 128
    /// `fmin`, Hz.
    public var minimumFrequency = 0.0
    /// `fmax`, Hz (`nil`: `sampleRate / 2`).
    public var maximumFrequency: Double?
    /// `htk=False` (`.slaney`) or `htk=True` (`.htk`).
    public var melScale = MelScale.slaney
    /// `norm="slaney"` or `norm=None`.
    public var normalization = MelFilterbank.Normalization.slaney

    /// librosa's defaults at `sampleRate`.
    public init(sampleRate: Int) {
        self.sampleRate = sampleRate
    }

    /// Speech framing: 25 ms window, 10 ms hop (the Kaldi, Whisper and GE2E convention), 80 mel bands up to the
    /// Nyquist frequency; what `myna spectrogram --kind mel` shows.
    public static func speech(sampleRate: Int) -> MelSpectrogramOptions {
        var options = MelSpectrogramOptions(sampleRate: sampleRate)
        options.fftSize = max(2, (sampleRate * 25 + 500) / 1000)
        options.hopLength = max(1, (sampleRate * 10 + 500) / 1000)
        options.melCount = 80
        return options
    }

    var stftOptions: STFTOptions {
        STFTOptions(fftSize: fftSize, hopLength: hopLength, windowLength: windowLength, window: window, padding: padding)
    }

    func makeFilterbank() throws(ConfigurationError) -> MelFilterbank {
        try MelFilterbank(sampleRate: sampleRate, fftSize: fftSize, melCount: melCount,
                          minimumFrequency: minimumFrequency, maximumFrequency: maximumFrequency,
                          scale: melScale, normalization: normalization)
    }
}
