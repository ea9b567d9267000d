import MynaDSP

/// The features of one kind for one mono audio buffer, and how to draw them as a heat map (`picture(title:)`).
///
/// A value type; computing it is the expensive part (one STFT over the whole buffer), drawing is cheap.
public struct SpectrogramPicture: Sendable {
    /// The features (rows: bins or coefficients, columns: frames), before any padding.
    public var features: FeatureMatrix
    /// Rate the features were computed at, in Hz (16000 for `.whisper`).
    public var sampleRate: Int
    /// Samples analysed, at `sampleRate`.
    public var sampleCount: Int
    /// Samples between frames, at `sampleRate`.
    public var hopLength: Int
    /// A short human description ("mel spectrogram, 80 bins").
    public var description: String
    /// How rows map to the vertical axis.
    var rows: RowScale
    /// How values map to colours.
    var display: Display

    enum Display: Sendable {
        /// Power drawn as 10·log10, the top 80 dB.
        case powerInDecibels
        /// Values as they are, from their minimum to their maximum.
        case fullRange(unit: String)
        /// Coefficients 1… set the range (2nd to 98th percentile); coefficient 0 is clipped.
        case cepstrum
    }

    enum RowScale: Sendable {
        /// Bin `k` of an `fftSize`-point FFT.
        case linear(fftSize: Int)
        /// Mel bands between two frequencies.
        case mel(minimumHertz: Double, maximumHertz: Double)
        case coefficients
    }

    /// Computes the features of `kind` for `audio` (mono; mix it down first).
    /// - Throws: `FeatureError` when the audio is too short or its rate unsuitable.
    public init(audio: AudioBuffer, kind: SpectrogramKind) throws {
        switch kind {
        case .whisper:
            let extractor = try WhisperLogMelExtractor()
            let audio16k = try Resampler.resample(audio, to: extractor.sampleRate)
            features = try extractor.extract(audio16k)
            sampleRate = extractor.sampleRate
            sampleCount = audio16k.frameCount
            hopLength = WhisperLogMelExtractor.hopLength
            description = "Whisper log-mel, \(features.featureCount) bins"
            rows = .mel(minimumHertz: 0, maximumHertz: Double(sampleRate) / 2)
            display = .fullRange(unit: "Log-mel (Whisper scale)")
        case .mel:
            let options = MelSpectrogramOptions.speech(sampleRate: audio.format.sampleRate)
            features = try MelSpectrogramExtractor(options: options).extract(audio)
            sampleRate = options.sampleRate
            sampleCount = audio.frameCount
            hopLength = options.hopLength
            description = "mel spectrogram, \(options.melCount) bins"
            rows = .mel(minimumHertz: options.minimumFrequency,
                        maximumHertz: options.maximumFrequency ?? Double(sampleRate) / 2)
            display = .powerInDecibels
        case .linear:
            let options = SpectrogramExtractor.speechOptions(sampleRate: audio.format.sampleRate)
            let extractor = try SpectrogramExtractor(sampleRate: audio.format.sampleRate, options: options)
            features = try extractor.extract(audio)
            sampleRate = extractor.sampleRate
            sampleCount = audio.frameCount
            hopLength = options.hopLength
            description = "spectrogram, \(options.fftSize)-point FFT"
            rows = .linear(fftSize: options.fftSize)
            display = .powerInDecibels
        case .mfcc:
            let options = MelSpectrogramOptions.speech(sampleRate: audio.format.sampleRate)
            let extractor = try MFCCExtractor(melOptions: options)
            features = try extractor.extract(audio)
            sampleRate = options.sampleRate
            sampleCount = audio.frameCount
            hopLength = options.hopLength
            description = "MFCC, \(extractor.coefficientCount) coefficients"
            rows = .coefficients
            display = .cepstrum
        }
    }

    /// The features as a float32 NumPy `.npy` file, shape (features, frames).
    public func numPyData() -> [UInt8] {
        features.numPyData()
    }
}
