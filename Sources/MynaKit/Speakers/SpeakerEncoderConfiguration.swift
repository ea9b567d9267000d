import MynaCore
import MynaSpeakers
import MynaVAD

/// Which speaker encoder to load and how it embeds: the checkpoint (the installed pinned one by default), whether
/// non-speech is trimmed with Silero VAD first, and the embedding options.
///
/// Thread-safety: a value type; share freely.
public struct SpeakerEncoderConfiguration: Sendable, Hashable {
    /// Where the installed models are (the encoder and, when trimming, Silero VAD).
    public var modelsDirectory: ModelsDirectory
    /// A GE2E checkpoint in Resemblyzer's format; nil for the installed `resemblyzer-ge2e/pretrained.pt`. The shipped
    /// threshold and calibration apply only to that pinned checkpoint.
    public var encoderPath: String?
    /// Trim non-speech with Silero VAD before embedding (the default); false embeds the whole recording.
    public var trimsNonSpeech: Bool
    /// Volume, partials, minimum speech and batching (`GE2EEmbeddingOptions.default` unless changed).
    public var embedding: GE2EEmbeddingOptions

    public init(modelsDirectory: ModelsDirectory = .locate(explicitPath: nil), encoderPath: String? = nil,
                trimsNonSpeech: Bool = true, embedding: GE2EEmbeddingOptions = .default) {
        self.modelsDirectory = modelsDirectory
        self.encoderPath = encoderPath
        self.trimsNonSpeech = trimsNonSpeech
        self.embedding = embedding
    }

    /// Loads the encoder (and the voice detector when trimming) and hashes the checkpoint.
    /// - Throws: `ConfigurationError` (a model is not installed, bad options), `WeightLoadingError` (a damaged file).
    public func loadPipeline() throws -> SpeakerEmbeddingPipeline {
        let path = try SpeakerModelLocation.encoderPath(explicitPath: encoderPath, modelsDirectory: modelsDirectory)
        let detector = trimsNonSpeech ? try SpeakerVoiceDetection.detector(modelsDirectory: modelsDirectory) : nil
        return try SpeakerEmbeddingPipeline(encoderPath: path, voiceDetector: detector, options: embedding)
    }
}

extension SpeakerEncoderConfiguration {
    /// Loads the diarizer: this configuration's encoder network (its trimming and embedding options do not apply:
    /// the diarizer embeds windows of speech it found itself) and the installed Silero VAD.
    /// - Throws: `ConfigurationError` (a model is not installed), `WeightLoadingError` (a damaged file).
    public func loadDiarizer() throws -> SpeakerDiarizer {
        let path = try SpeakerModelLocation.encoderPath(explicitPath: encoderPath, modelsDirectory: modelsDirectory)
        return try SpeakerDiarizer(network: GE2ENetwork(checkpointPath: path),
                                   voiceDetector: SileroModelLocation.loadDetector(SileroModelLocation.defaultName, modelsDirectory: modelsDirectory))
    }
}
