import MynaCore
import MynaSynthesis

/// Per-request knobs of `SpeechSynthesis.speak`: which voice, how fast, how varied, at what output rate.
///
/// Defaults are written once here (`.default`); the CLI and servers take them from here. `validate()` is the one
/// place their ranges are checked; it names the field as the options are spelt (`speed`, `noise-scale`, …), so a
/// command line can prefix `--` and a server can name the request parameter.
public struct SpeechOptions: Sendable, Hashable {
    /// An installed voice name (`piper-en_US-joe-medium`, `en_US-joe-medium`, `joe`), a Piper `.onnx` file or a folder
    /// holding one (`PiperVoiceLocation`). Default: `PiperVoiceLocation.defaultName`.
    public var voice: String
    /// Speaking rate: 2 is twice as fast. Piper's length scale becomes the voice's own divided by `speed`, so the
    /// phoneme durations change and the pitch does not. 0.1…10; default 1.
    public var speed: Float
    /// Voice variation (VITS noise scale); nil takes the voice's (`inference.noise_scale`, Piper's 0.667). 0…10.
    public var noiseScale: Float?
    /// Rhythm variation (VITS noise w); nil takes the voice's (`inference.noise_w`, Piper's 0.8). 0…10.
    public var noiseW: Float?
    /// Seconds of silence after each sentence but the last (piper's `--sentence-silence`, default 0). 0…60.
    public var sentenceSilence: Double
    /// Seed of the noise: the same seed, text and options give the same samples.
    public var seed: UInt64
    /// Speaker of a multi-speaker voice: its id or a name of its `speaker_id_map`; nil for the voice's first.
    public var speaker: String?
    /// Output sample rate in Hz (resampled with soxr HQ inside the library); nil keeps the voice's rate.
    /// 1000…192000.
    public var sampleRate: Int?

    public init(voice: String = PiperVoiceLocation.defaultName, speed: Float = 1, noiseScale: Float? = nil,
                noiseW: Float? = nil, sentenceSilence: Double = PiperSynthesisOptions.default.sentenceSilence,
                seed: UInt64 = PiperSynthesisOptions.default.seed, speaker: String? = nil, sampleRate: Int? = nil) {
        self.voice = voice
        self.speed = speed
        self.noiseScale = noiseScale
        self.noiseW = noiseW
        self.sentenceSilence = sentenceSilence
        self.seed = seed
        self.speaker = speaker
        self.sampleRate = sampleRate
    }

    public static let `default` = SpeechOptions()

    /// The accepted speeds: a tenth to ten times the voice's rate (beyond, phonemes vanish or drag into noise).
    public static let speedRange: ClosedRange<Float> = 0.1...10
    /// The accepted output rates in Hz.
    public static let sampleRateRange: ClosedRange<Int> = 1_000...192_000
    /// The accepted noise scales (noise scale and noise w).
    public static let noiseRange: ClosedRange<Float> = 0...10
    /// The accepted sentence silences in seconds.
    public static let sentenceSilenceRange: ClosedRange<Double> = 0...60

    /// Checks every range that does not depend on the voice (the speaker is checked against the voice when it is
    /// loaded).
    /// - Throws: `ConfigurationError` whose field is the option's name (`speed`, `noise-scale`, `noise-w`,
    ///   `sentence-silence`, `rate`, `voice`) and whose message gives the value and the bounds.
    public func validate() throws(ConfigurationError) {
        guard !voice.isEmpty else { throw ConfigurationError(field: "voice", message: "is empty: name a voice or an .onnx file") }
        try Self.require("speed", speed, in: Self.speedRange)
        if let noiseScale { try Self.require("noise-scale", noiseScale, in: Self.noiseRange) }
        if let noiseW { try Self.require("noise-w", noiseW, in: Self.noiseRange) }
        try Self.require("sentence-silence", sentenceSilence, in: Self.sentenceSilenceRange, unit: " seconds")
        if let sampleRate { try Self.require("rate", sampleRate, in: Self.sampleRateRange, unit: " Hz") }
    }

    /// The synthesizer's options for `voice`: length scale = the voice's / `speed`, the rest as given.
    /// - Throws: `ConfigurationError` (field `speaker`) for a speaker the voice does not have.
    func piperOptions(for voice: PiperVoice) throws -> PiperSynthesisOptions {
        var options = PiperSynthesisOptions.default
        options.noiseScale = noiseScale
        options.noiseW = noiseW
        options.lengthScale = voice.configuration.defaultOptions.lengthScale / speed
        options.sentenceSilence = sentenceSilence
        options.seed = seed
        if let speaker { options.speaker = try voice.speakerID(speaker) }
        return options
    }

    /// Requires `value` within `range` (NaN lies outside every range).
    private static func require<Value: Comparable>(_ field: String, _ value: Value, in range: ClosedRange<Value>,
                                                   unit: String = "") throws(ConfigurationError) {
        guard range.contains(value) else {
            throw ConfigurationError(field: field, message: """
                \(describe(value)) must be between \(describe(range.lowerBound)) and \(describe(range.upperBound))\(unit)
                """)
        }
    }

    /// A number as a person writes it: `20`, `0.5`, not `20.0`.
    private static func describe<Value>(_ value: Value) -> String {
        let double: Double? = (value as? Float).map(Double.init) ?? (value as? Double)
        if let double, double.isFinite, double == double.rounded(), abs(double) < 1e15 { return String(Int64(double)) }
        if let float = value as? Float { return "\(float)" }
        return "\(value)"
    }
}
