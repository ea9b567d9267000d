import MynaCore
import MynaSpeakers

/// The voice activity detector the speaker commands trim non-speech with.
public enum SpeakerVoiceDetection {
    /// The detector from the installed Silero VAD model.
    public static func detector(modelsDirectory: ModelsDirectory) throws -> any SpeechRegionDetector {
        _ = try SpeakerModelLocation.detectorPath(modelsDirectory: modelsDirectory)
        throw ConfigurationError(field: "--no-trim", message: "Silero VAD trimming is not available in this build; pass --no-trim")
    }
}
