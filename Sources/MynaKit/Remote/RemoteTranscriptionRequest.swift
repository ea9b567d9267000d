import MynaCore
import MynaRecognition

/// What `MynaServerClient.transcribe` asks the server for: the form fields of `POST /v1/audio/transcriptions` (or
/// `/translations`) that a local `myna transcribe` run has options for. Beam size, the speech gate and the like are
/// the server's own settings.
public struct RemoteTranscriptionRequest: Sendable, Equatable {
    /// An installed model name on the server (`whisper-1` is the server's default).
    public var model: String
    /// A language code, nil to detect it.
    public var language: String?
    public var task: WhisperTask
    /// Text that primes the first window (`prompt`).
    public var prompt: String?
    /// Whether words are timed (`timestamp_granularities[]=word`).
    public var wordTimestamps: Bool

    public init(model: String, language: String? = nil, task: WhisperTask = .transcribe, prompt: String? = nil,
                wordTimestamps: Bool = false) {
        self.model = model
        self.language = language
        self.task = task
        self.prompt = prompt
        self.wordTimestamps = wordTimestamps
    }

    /// The route, relative to the server's address.
    var path: String { task == .translate ? "v1/audio/translations" : "v1/audio/transcriptions" }

    /// The text fields, in order; the file is added by the client. `response_format=myna_json` is the server's
    /// Myna extension: the transcript as `myna transcribe --format json` writes it, read back whole.
    var fields: [(name: String, value: String)] {
        var fields: [(String, String)] = [("model", model), ("response_format", "myna_json")]
        if let language, task == .transcribe { fields.append(("language", language)) }
        if let prompt { fields.append(("prompt", prompt)) }
        if wordTimestamps { fields.append(("timestamp_granularities[]", "word")) }
        return fields
    }
}
