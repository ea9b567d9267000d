// Text to speech (`wyoming/tts.py`): `synthesize` → `audio-start`, `audio-chunk`s, `audio-stop`. A streaming server
// (`supports_synthesize_streaming`) also takes `synthesize-start`, `synthesize-chunk`s and `synthesize-stop`, speaks
// each sentence as soon as it is complete, and ends with `synthesize-stopped`.

extension Wyoming {
    /// The voice a request asks for (`SynthesizeVoice`): a name from `info` and its speaker, or only a language.
    public struct SynthesizeVoice: Codable, Sendable, Equatable {
        public var name: String?
        public var language: String?
        public var speaker: String?

        public init(name: String? = nil, language: String? = nil, speaker: String? = nil) {
            self.name = name
            self.language = language
            self.speaker = speaker
        }
    }

    /// `synthesize`: speak this text. Clients that stream send it too, after `synthesize-chunk`s, for servers that do
    /// not stream; a streaming server ignores it inside a `synthesize-start` … `synthesize-stop` stream.
    public struct Synthesize: EventBody, Equatable {
        public static let eventType = "synthesize"
        public var text: String
        public var voice: SynthesizeVoice?

        public init(text: String, voice: SynthesizeVoice? = nil) {
            self.text = text
            self.voice = voice
        }
    }

    /// `synthesize-start`: streamed text follows, to be spoken with this voice.
    public struct SynthesizeStart: EventBody, Equatable {
        public static let eventType = "synthesize-start"
        public var voice: SynthesizeVoice?

        public init(voice: SynthesizeVoice? = nil) { self.voice = voice }
    }

    /// `synthesize-chunk`: more text of the stream (sentences may span chunks).
    public struct SynthesizeChunk: EventBody, Equatable {
        public static let eventType = "synthesize-chunk"
        public var text: String

        public init(text: String) { self.text = text }
    }

    /// `synthesize-stop`: the text is complete; speak what remains.
    public struct SynthesizeStop: EventBody, Equatable {
        public static let eventType = "synthesize-stop"
        public init() {}
    }

    /// `synthesize-stopped`: all the streamed text has been spoken.
    public struct SynthesizeStopped: EventBody, Equatable {
        public static let eventType = "synthesize-stopped"
        public init() {}
    }
}
