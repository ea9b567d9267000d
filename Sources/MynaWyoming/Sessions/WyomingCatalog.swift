import Foundation
import MynaKit

/// What this server offers, found once at start-up in the models folder: the installed Whisper models and Piper
/// voices, with their languages, as `info` lists them and as requests name them.
///
/// Requests may name only what is listed here (never a path), so a client cannot make the server open files.
public struct WyomingCatalog: Sendable {
    /// An installed Whisper model: its folder name (`whisper-tiny.en`) and the language codes it transcribes.
    public struct Model: Sendable, Equatable {
        public var name: String
        public var languages: [String]
    }

    /// An installed Piper voice: `en_US-joe-medium` (the `.onnx` stem, as wyoming-piper names voices), its folder,
    /// languages (`en_US`) and speakers of a multi-speaker voice.
    public struct Voice: Sendable, Equatable {
        public var name: String
        public var folder: String
        /// The voice's `.onnx` file (what a request is spoken with: never a client's path).
        public var onnx: String
        public var languages: [String]
        public var speakers: [String]
        public var description: String
    }

    public var models: [Model]
    public var voices: [Voice]

    /// Lists the installed models and voices in `modelsDirectory` (`--no-asr` / `--no-tts` leave a list empty).
    public init(modelsDirectory: ModelsDirectory, asr: Bool, tts: Bool) {
        models = !asr ? [] : WhisperModelLocation.installedNames(in: modelsDirectory).map { name in
            // English-only checkpoints are named *.en (tiny.en, base.en, …); the others know all of Whisper's languages.
            Model(name: name, languages: name.hasSuffix(".en") ? ["en"] : WhisperLanguage.names.map(\.code))
        }
        voices = !tts ? [] : PiperVoiceLocation.installedVoices(in: modelsDirectory).map { folder, onnx in
            Self.voice(folder: folder, onnx: onnx)
        }
    }

    public init(models: [Model], voices: [Voice]) {
        self.models = models
        self.voices = voices
    }

    /// The voice's name, languages and speakers from its Piper config (`<voice>.onnx.json`), without its weights.
    private static func voice(folder: String, onnx: String) -> Voice {
        let name = URL(fileURLWithPath: onnx).deletingPathExtension().lastPathComponent
        var languages: [String] = []
        var speakers: [String] = []
        var description = "Piper voice \(name)"
        if let data = FileManager.default.contents(atPath: onnx + ".json"),
           let config = try? JSONDecoder().decode(PiperVoiceSummary.self, from: data) {
            if let code = config.language?.code { languages = [code] }
            speakers = (config.speaker_id_map ?? [:]).sorted { $0.value < $1.value }.map(\.key)
            if let dataset = config.dataset, let quality = config.audio?.quality {
                description = "Piper voice \(dataset) (\(quality))"
            }
        }
        if languages.isEmpty, let code = name.split(separator: "-").first { languages = [String(code)] }
        return Voice(name: name, folder: folder, onnx: onnx, languages: languages, speakers: speakers, description: description)
    }

    /// The fields of a Piper voice config that `info` shows (keys as Piper writes them).
    private struct PiperVoiceSummary: Decodable {
        struct Language: Decodable { var code: String? }
        struct Audio: Decodable { var quality: String? }
        var language: Language?
        var audio: Audio?
        var dataset: String?
        var speaker_id_map: [String: Int]?
    }

    /// The model a `transcribe` names, or the default when it names none.
    public func model(named name: String?, default defaultName: String) -> Model? {
        let wanted = name ?? defaultName
        return models.first { $0.name == wanted || $0.name == "whisper-" + wanted }
    }

    /// The voice a request asks for: by name (the stem, the folder, or the short `joe`), else the first voice of the
    /// language asked for, else `defaultName`.
    public func voice(named name: String?, language: String?, default defaultName: String) -> Voice? {
        func matches(_ voice: Voice, _ wanted: String) -> Bool {
            let parts = voice.name.split(separator: "-")
            return voice.name == wanted || voice.folder == wanted || (parts.count == 3 && parts[1] == wanted)
        }
        if let name { return voices.first { matches($0, name) } }
        if let language {
            let wanted = language.replacingOccurrences(of: "-", with: "_").lowercased()
            if let voice = voices.first(where: { $0.languages.contains { $0.lowercased() == wanted } }) { return voice }
            let family = wanted.split(separator: "_").first.map(String.init) ?? wanted
            if let voice = voices.first(where: { $0.languages.contains { $0.lowercased().hasPrefix(family) } }) { return voice }
        }
        return voices.first { matches($0, defaultName) } ?? voices.first
    }

    /// `info`, in the shapes `wyoming.info.Info.from_event` parses.
    public func info(version: String) -> Wyoming.Info {
        let whisper = Wyoming.Attribution(name: "OpenAI Whisper (CTranslate2 conversion, read natively by Myna)",
                                          url: "https://github.com/openai/whisper")
        let piper = Wyoming.Attribution(name: "Piper voices by Michael Hansen (rhasspy)", url: "https://github.com/rhasspy/piper")
        // Myna has no public home page yet; the field is required, so it is empty rather than invented.
        let myna = Wyoming.Attribution(name: "Myna", url: "")
        let asr = models.isEmpty ? [] : [Wyoming.AsrProgram(
            name: "myna-whisper", attribution: myna, installed: true,
            description: "Myna: Whisper speech to text in native Swift", version: version,
            models: models.map {
                Wyoming.AsrModel(name: $0.name, attribution: whisper, installed: true,
                                 description: "Whisper \($0.name.replacingOccurrences(of: "whisper-", with: ""))",
                                 version: nil, languages: $0.languages)
            },
            supportsTranscriptStreaming: true)]
        let tts = voices.isEmpty ? [] : [Wyoming.TtsProgram(
            name: "myna-piper", attribution: myna, installed: true,
            description: "Myna: Piper text to speech in native Swift", version: version,
            voices: voices.map {
                Wyoming.TtsVoice(name: $0.name, attribution: piper, installed: true, description: $0.description,
                                 version: nil, languages: $0.languages,
                                 speakers: $0.speakers.isEmpty ? nil : $0.speakers.map { Wyoming.TtsVoiceSpeaker(name: $0) })
            },
            supportsSynthesizeStreaming: true)]
        return Wyoming.Info(asr: asr, tts: tts)
    }
}
