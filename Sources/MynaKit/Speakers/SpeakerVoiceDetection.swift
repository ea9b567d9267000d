import MynaCore
import MynaSpeakers

/// The voice activity detector the speaker commands trim non-speech with: the installed Silero VAD v6.
public enum SpeakerVoiceDetection {
    /// Silero VAD from `modelsDirectory` (`silero-vad-v6`), with silero-vad's default speech-timestamp options.
    /// - Throws: `ConfigurationError` when it is not installed; `WeightLoadingError` for a damaged file.
    public static func detector(modelsDirectory: ModelsDirectory) throws -> any SpeechRegionDetector {
        let path = try SileroModelLocation.resolve(SileroModelLocation.defaultName, modelsDirectory: modelsDirectory)
        return try SileroSpeechRegions(contentsOf: path)
    }
}
