import MynaCore
import MynaSpeakers

extension MynaEngine {
    /// Speaker embedding, decisions and diarization over `store`, on the GE2E encoder at `encoderPath` (nil: the
    /// installed pinned checkpoint) trimmed by the engine's default Silero VAD. The encoder is loaded once per engine
    /// and the VAD is the one the speech gate uses, so `transcribe` with speakers holds each model once.
    /// - Throws: `ConfigurationError` (a model is not installed), `WeightLoadingError` (a damaged file).
    public func speakerService(store: any SpeakerStore = EmptySpeakerStore(), encoderPath: String? = nil) throws -> SpeakerService {
        let path = try SpeakerModelLocation.encoderPath(explicitPath: encoderPath, modelsDirectory: configuration.modelsDirectory)
        let pipeline = try speakerPipelines.value(for: path) {
            try SpeakerEmbeddingPipeline(encoderPath: path, voiceDetector: SileroSpeechRegions(detector: voiceDetector()),
                                         options: .default)
        }
        return SpeakerService(store: store, pipeline: pipeline)
    }
}
