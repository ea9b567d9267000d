import Foundation
import MynaKit

/// What a request may name as `model` or `voice`: only installed models, by name, matched by MynaKit's own rules
/// (`WhisperModelLocation.installedName`, `PiperVoiceLocation.installedVoice`: names only, never paths), so no request
/// can make the server open a file of its choice.
///
/// A snapshot: the models folder is listed once when it is made, and a request makes one (`SpeechServer.models`), so
/// models installed while the server runs are seen by the next request.
struct InstalledModels: Sendable {
    /// OpenAI's transcription model names, served by the configured default Whisper model.
    static let openAITranscriptionModels: Set<String> = ["whisper-1", "gpt-4o-transcribe", "gpt-4o-mini-transcribe"]
    /// OpenAI's speech model names, served by the installed Piper voices.
    static let openAISpeechModels: Set<String> = ["tts-1", "tts-1-hd", "gpt-4o-mini-tts"]
    /// OpenAI's voice names: each is spoken by the default voice (Myna has no voices of those names).
    static let openAIVoices: Set<String> = ["alloy", "ash", "ballad", "coral", "echo", "fable", "onyx", "nova", "sage",
                                            "shimmer", "verse", "marin", "cedar"]

    let modelsDirectory: ModelsDirectory
    /// The Whisper model `whisper-1` stands for (installed name).
    let defaultWhisperModel: String
    /// Installed Whisper folder names (`whisper-base`).
    let whisperModels: [String]
    /// Installed Piper voices: folder names (`piper-en_US-joe-medium`) and their `.onnx`.
    let installedVoices: [(folder: String, onnx: String)]

    /// Lists `modelsDirectory` (once).
    init(listing modelsDirectory: ModelsDirectory, defaultWhisperModel: String) {
        self.modelsDirectory = modelsDirectory
        self.defaultWhisperModel = defaultWhisperModel
        whisperModels = WhisperModelLocation.installedNames(in: modelsDirectory)
        installedVoices = PiperVoiceLocation.installedVoices(in: modelsDirectory)
    }

    /// Installed Piper voice folder names.
    var voices: [String] { installedVoices.map(\.folder) }

    /// The folder of the Whisper model a transcription request names: `whisper-1` (and OpenAI's other names) is the
    /// default model; an installed name may be given whole (`whisper-base`) or short (`base`).
    /// - Throws: `OpenAIError` 404 naming the installed models.
    func whisperFolder(for requested: String?) throws(OpenAIError) -> String {
        let name = requested?.trimmingCharacters(in: .whitespaces) ?? ""
        let wanted = name.isEmpty || Self.openAITranscriptionModels.contains(name) ? defaultWhisperModel : name
        guard let folder = WhisperModelLocation.installedName(matching: wanted, among: whisperModels) else {
            throw .notFound("model", """
                the model '\(name)' does not exist: use whisper-1 (\(defaultWhisperModel)) or an installed model \
                (\(whisperModels.joined(separator: ", ")))
                """, code: "model_not_found")
        }
        return modelsDirectory.url.appendingPathComponent(folder).path
    }

    /// The installed voice a speech request names: OpenAI's voice names (`alloy`…) are the default voice; an installed
    /// voice may be named as its folder (`piper-en_US-joe-medium`), its file stem (`en_US-joe-medium`) or its speaker
    /// (`joe`).
    /// - Throws: `OpenAIError` 404 naming the installed voices.
    func voiceFile(for requested: String) throws(OpenAIError) -> String {
        let name = requested.trimmingCharacters(in: .whitespaces)
        let wanted = Self.openAIVoices.contains(name.lowercased()) ? PiperVoiceLocation.defaultName : name
        guard let onnx = PiperVoiceLocation.installedVoice(matching: wanted, among: installedVoices) else {
            throw .notFound("voice", """
                the voice '\(name)' does not exist: use an installed voice (\(voices.joined(separator: ", "))) \
                or an OpenAI voice name (alloy, echo, …), which speaks with \(PiperVoiceLocation.defaultName)
                """, code: "voice_not_found")
        }
        return onnx
    }

    /// Whether `name` is a speech model a request may name: OpenAI's (`tts-1`…) or an installed voice.
    func isSpeechModel(_ name: String) -> Bool {
        Self.openAISpeechModels.contains(name) || voices.contains(name)
    }
}
