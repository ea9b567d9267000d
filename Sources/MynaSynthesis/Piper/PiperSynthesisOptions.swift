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
    /// The most phonemes synthesized in one VITS pass: a longer sentence (text without `.` `?` `!`) is cut at a
    /// clause mark or between words into pieces of at most this many (`LongSentenceSplitter`), each synthesized and
    /// peak-normalised on its own and joined with no `sentenceSilence` between, so memory stays bounded for any text.
    ///
    /// Default 400, about 20 seconds of speech: above ordinary sentences, so they stay whole and sound exactly as
    /// Piper says them (piper-tts's 126 golden sentences, `piper_phonemes.json`, have 4 to 349 phonemes; a 60-word
    /// sentence has about 330), and small enough for bounded memory: peak RSS of `myna say` on 10,000 characters
    /// without punctuation (en_US-joe-medium, release build) was 2.6 GB unsplit and 0.34 GB split at 400, of which
    /// about 0.17 GB is the program and voice alone. Memory per pass grows with the piece (decoder activations are
    /// linear in its audio, text-encoder attention quadratic in its ids).
    public var maxPhonemesPerPass: Int

    public init(noiseScale: Float? = nil, lengthScale: Float? = nil, noiseW: Float? = nil, speaker: Int? = nil,
                sentenceSilence: Double = 0, normalizeAudio: Bool = true, volume: Float = 1,
                seed: UInt64 = VITSSynthesisOptions.default.seed, maxPhonemesPerPass: Int = 400) {
        self.noiseScale = noiseScale
        self.lengthScale = lengthScale
        self.noiseW = noiseW
        self.speaker = speaker
        self.sentenceSilence = sentenceSilence
        self.normalizeAudio = normalizeAudio
        self.volume = volume
        self.seed = seed
        self.maxPhonemesPerPass = maxPhonemesPerPass
    }

    public static let `default` = PiperSynthesisOptions()

    /// The smallest `maxPhonemesPerPass` accepted: a few words.
    public static let minimumPhonemesPerPass = 20

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
        // Fewer than a few words per pass would cut inside words, and every cut costs the model its sentence context.
        guard maxPhonemesPerPass >= Self.minimumPhonemesPerPass else {
            throw ConfigurationError(field: "max-phonemes-per-pass", message: """
                \(maxPhonemesPerPass) must be at least \(Self.minimumPhonemesPerPass) (the default is \(Self.default.maxPhonemesPerPass))
                """)
        }
    }
}
