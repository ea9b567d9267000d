import Foundation
import MynaCore

/// Opens the voice-activity detector live dictation uses: Silero VAD v6 from `--vad-model` or the installed
/// `silero-vad-v6` model.
public enum DictationVoiceActivity {
    /// The installed model's folder and file name.
    public static let installedName = "silero-vad-v6"
    public static let fileName = "silero_vad_16k.safetensors"

    public static func open(path: String?, modelsDirectory: ModelsDirectory) throws -> any VoiceActivityStream {
        let location = path ?? modelsDirectory.url.appendingPathComponent(installedName).appendingPathComponent(fileName).path
        throw ConfigurationError(field: location, message: "Silero VAD is not available in this build yet")
    }
}
