// Speech to text (`wyoming/asr.py`): `transcribe`, then `audio-start`, `audio-chunk`s, `audio-stop` → `transcript`;
// a streaming server (`supports_transcript_streaming`) sends `transcript-start`, `transcript-chunk`s, the
// `transcript` (for clients that do not stream) and `transcript-stop`.

extension Wyoming {
    /// `transcribe`: the next audio is to be transcribed, with this model and language.
    public struct Transcribe: EventBody, Equatable {
        public static let eventType = "transcribe"
        /// An ASR model name from `info` (nil: the server's default).
        public var name: String?
        /// The language spoken (nil: the model's or detected).
        public var language: String?

        public init(name: String? = nil, language: String? = nil) {
            self.name = name
            self.language = language
        }
    }

    /// `transcript`: the whole text of the audio.
    public struct Transcript: EventBody, Equatable {
        public static let eventType = "transcript"
        public var text: String
        public var language: String?

        public init(text: String, language: String? = nil) {
            self.text = text
            self.language = language
        }
    }

    /// `transcript-start`: a streamed transcript begins.
    public struct TranscriptStart: EventBody, Equatable {
        public static let eventType = "transcript-start"
        public var language: String?

        public init(language: String? = nil) { self.language = language }
    }

    /// `transcript-chunk`: more text; the chunks of one transcript concatenated are its `transcript` text.
    public struct TranscriptChunk: EventBody, Equatable {
        public static let eventType = "transcript-chunk"
        public var text: String

        public init(text: String) { self.text = text }
    }

    /// `transcript-stop`: the streamed transcript is complete.
    public struct TranscriptStop: EventBody, Equatable {
        public static let eventType = "transcript-stop"
        public init() {}
    }
}
