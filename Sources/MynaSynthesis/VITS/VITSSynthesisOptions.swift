import MynaCore

/// Per-request knobs of VITS inference (Piper's `scales` input and `sid`).
///
/// Defaults are Piper's (`piper/config.py`: noise_scale 0.667, length_scale 1, noise_w 0.8); a voice's
/// `.onnx.json` `inference` block overrides them (`PiperVoice.defaultOptions`).
public struct VITSSynthesisOptions: Sendable, Hashable {
    /// Standard deviation of the prior sample, × exp(logs_p) (`noise_scale`). 0 gives the prior mean.
    public var noiseScale: Float
    /// Phoneme duration multiplier (`length_scale`): 2 speaks half as fast. Changes durations, never pitch.
    public var lengthScale: Float
    /// Noise of the stochastic duration predictor (`noise_w`). 0 gives its deterministic durations.
    public var noiseW: Float
    /// Speaker of a multi-speaker voice (row of `emb_g`); ignored by single-speaker voices.
    public var speaker: Int?
    /// Seed of the request's noise generator.
    public var seed: UInt64

    public init(noiseScale: Float = 0.667, lengthScale: Float = 1, noiseW: Float = 0.8, speaker: Int? = nil,
                seed: UInt64 = 0x6d79_6e61) {
        self.noiseScale = noiseScale
        self.lengthScale = lengthScale
        self.noiseW = noiseW
        self.speaker = speaker
        self.seed = seed
    }

    /// Piper's defaults.
    public static let `default` = VITSSynthesisOptions()

    /// Checks ranges, naming the field and the fix.
    public func validate(speakerCount: Int = 1) throws(ConfigurationError) {
        guard noiseScale.isFinite, noiseScale >= 0, noiseScale <= 10 else {
            throw ConfigurationError(field: "noise-scale", message: "\(noiseScale) must be between 0 and 10 (Piper uses 0.667)")
        }
        guard lengthScale.isFinite, lengthScale > 0.05, lengthScale <= 20 else {
            throw ConfigurationError(field: "length-scale", message: "\(lengthScale) must be above 0.05 and at most 20 (1 is normal speed)")
        }
        guard noiseW.isFinite, noiseW >= 0, noiseW <= 10 else {
            throw ConfigurationError(field: "noise-w", message: "\(noiseW) must be between 0 and 10 (Piper uses 0.8)")
        }
        if let speaker, speaker < 0 || speaker >= speakerCount {
            throw ConfigurationError(field: "speaker", message: speakerCount == 1
                ? "this voice has a single speaker; leave --speaker out"
                : "\(speaker) is not a speaker of this voice (0 to \(speakerCount - 1))")
        }
    }
}
