// Discovery (`wyoming/info.py`): `describe` → `info`, listing the programs a server offers. Field names and which
// are required follow the package's dataclasses, which `Info.from_event` builds with `from_dict`: `name`,
// `attribution`, `installed`, `languages` are required; `description` and `version` may be null.

extension Wyoming {
    /// `describe`: asks for `info`.
    public struct Describe: EventBody, Equatable {
        public static let eventType = "describe"
        public init() {}
    }

    /// Who made an artifact, with a link.
    public struct Attribution: Codable, Sendable, Equatable {
        public var name: String
        public var url: String

        public init(name: String, url: String) {
            self.name = name
            self.url = url
        }
    }

    /// A speech-to-text model (`AsrModel`).
    public struct AsrModel: Codable, Sendable, Equatable {
        public var name: String
        public var attribution: Attribution
        public var installed: Bool
        public var description: String?
        public var version: String?
        public var languages: [String]
    }

    /// A speech-to-text program (`AsrProgram`).
    public struct AsrProgram: Codable, Sendable, Equatable {
        public var name: String
        public var attribution: Attribution
        public var installed: Bool
        public var description: String?
        public var version: String?
        public var models: [AsrModel]
        public var supportsTranscriptStreaming: Bool
    }

    /// A speaker of a multi-speaker voice (`TtsVoiceSpeaker`).
    public struct TtsVoiceSpeaker: Codable, Sendable, Equatable {
        public var name: String
    }

    /// A text-to-speech voice (`TtsVoice`).
    public struct TtsVoice: Codable, Sendable, Equatable {
        public var name: String
        public var attribution: Attribution
        public var installed: Bool
        public var description: String?
        public var version: String?
        public var languages: [String]
        public var speakers: [TtsVoiceSpeaker]?
    }

    /// A text-to-speech program (`TtsProgram`).
    public struct TtsProgram: Codable, Sendable, Equatable {
        public var name: String
        public var attribution: Attribution
        public var installed: Bool
        public var description: String?
        public var version: String?
        public var voices: [TtsVoice]
        public var supportsSynthesizeStreaming: Bool
    }

    /// `info`: what this server offers. The package reads every list it knows, so all are written, empty or not.
    public struct Info: EventBody, Equatable {
        public static let eventType = "info"
        public var asr: [AsrProgram]
        public var tts: [TtsProgram]
        public var handle: [JSONValue] = []
        public var intent: [JSONValue] = []
        public var wake: [JSONValue] = []
        public var mic: [JSONValue] = []
        public var snd: [JSONValue] = []

        public init(asr: [AsrProgram], tts: [TtsProgram]) {
            self.asr = asr
            self.tts = tts
        }
    }
}
