/// Turns acoustic features (a mel spectrogram, or a model's latent frames) into a waveform (DESIGN.md §2).
///
/// Implementations: `HiFiGANVocoder` (neural, also the decoder of Piper's VITS voices), `GriffinLimVocoder`
/// (phase recovery without weights). Thread-safety: implementations are immutable and `Sendable`; `waveform` may be
/// called from several threads at once.
public protocol Vocoder: Sendable {
    /// Hz of the waveform it produces.
    var sampleRate: Int { get }
    /// What its input frames must be: values per frame, samples per frame, and the mel settings for mel vocoders.
    var input: VocoderInput { get }
    /// The waveform for `features` (`input.featureCount × frames`): `frames × input.hopLength` samples, nominally
    /// in [-1, 1].
    /// - Throws: `ConfigurationError` when the features do not have `input.featureCount` rows or have no frames.
    func waveform(from features: FeatureMatrix) throws -> [Float]
}

/// The frames a `Vocoder` consumes.
public struct VocoderInput: Sendable, Hashable, Codable {
    /// Values per frame (mel bands, or latent channels).
    public var featureCount: Int
    /// Output samples per input frame.
    public var hopLength: Int
    /// How the frames must be computed from audio, for mel vocoders; nil for latent frames (a VITS decoder).
    public var mel: MelParameters?
    /// Frames of context on either side that an output sample depends on. Chunks vocoded with this much context on
    /// both sides and cropped to their middle give the whole-input waveform: exactly (up to float rounding) for
    /// convolutional vocoders, whose receptive field this is; approximately for iterative ones such as Griffin-Lim.
    public var contextFrames: Int

    public init(featureCount: Int, hopLength: Int, mel: MelParameters?, contextFrames: Int) {
        self.featureCount = featureCount
        self.hopLength = hopLength
        self.mel = mel
        self.contextFrames = contextFrames
    }
}

extension Vocoder {
    /// Checks that `features` fit `input`, naming what is wrong.
    public func validate(_ features: FeatureMatrix) throws(ConfigurationError) {
        guard features.featureCount == input.featureCount else {
            throw ConfigurationError(field: "features", message: """
                have \(features.featureCount) values per frame; this vocoder takes \(input.featureCount)
                """)
        }
        guard features.frameCount > 0 else {
            throw ConfigurationError(field: "features", message: "have no frames; the vocoder needs at least one")
        }
    }
}
