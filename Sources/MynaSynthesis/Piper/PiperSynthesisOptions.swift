import MynaCore

/// Per-request knobs of `PiperSynthesizer` beyond the model's (`piper-tts` 1.8.0 CLI and `SynthesisConfig`).
public struct PiperSynthesisOptions: Sendable, Hashable {
    /// Noise, length and speaker; nil fields take the voice's `inference` defaults.
    public var noiseScale: Float?
    public var lengthScale: Float?
    public var noiseW: Float?
    public var speaker: Int?
    /// Seconds of silence between sentences (piper's `--sentence-silence`, default 0).
    public var sentenceSilence: Double
    /// Scale each sentence to peak 1 as piper-tts does by default (`normalize_audio`), then apply `volume`.
    public var normalizeAudio: Bool
    public var volume: Float
    /// Seed of the noise generator (each sentence continues from it).
    public var seed: UInt64

    public init(noiseScale: Float? = nil, lengthScale: Float? = nil, noiseW: Float? = nil, speaker: Int? = nil,
                sentenceSilence: Double = 0, normalizeAudio: Bool = true, volume: Float = 1,
                seed: UInt64 = VITSSynthesisOptions.default.seed) {
        self.noiseScale = noiseScale
        self.lengthScale = lengthScale
        self.noiseW = noiseW
        self.speaker = speaker
        self.sentenceSilence = sentenceSilence
        self.normalizeAudio = normalizeAudio
        self.volume = volume
        self.seed = seed
    }

    public static let `default` = PiperSynthesisOptions()

    /// The model options for `voice`: its defaults overridden by the fields set here.
    public func modelOptions(for voice: PiperVoiceConfiguration) -> VITSSynthesisOptions {
        var options = voice.defaultOptions
        if let noiseScale { options.noiseScale = noiseScale }
        if let lengthScale { options.lengthScale = lengthScale }
        if let noiseW { options.noiseW = noiseW }
        options.speaker = speaker
        options.seed = seed
        return options
    }

    public func validate(for voice: PiperVoiceConfiguration) throws(ConfigurationError) {
        try modelOptions(for: voice).validate(speakerCount: voice.speakerCount)
        guard sentenceSilence.isFinite, sentenceSilence >= 0, sentenceSilence <= 60 else {
            throw ConfigurationError(field: "sentence-silence", message: "\(sentenceSilence) must be between 0 and 60 seconds")
        }
        guard volume.isFinite, volume >= 0, volume <= 10 else {
            throw ConfigurationError(field: "volume", message: "\(volume) must be between 0 and 10")
        }
    }
}
