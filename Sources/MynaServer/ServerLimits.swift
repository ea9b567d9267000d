/// The server's bounds (DESIGN.md §10), each set by a `myna serve` flag.
public struct ServerLimits: Sendable {
    /// Requests running on the engine at once (`--max-concurrent`).
    public var maxConcurrent: Int
    /// Requests waiting for the engine beyond those; more are refused with 429 (`--max-queue`).
    public var maxQueue: Int
    /// Largest request body in bytes (`--max-upload-mb`, default 100 MB).
    public var maxUploadBytes: Int
    /// Longest audio a transcription accepts, in seconds; nil for no limit (`--max-audio-seconds`).
    public var maxAudioSeconds: Double?
    /// Longest text `POST /v1/audio/speech` accepts, in characters (OpenAI's limit).
    public var maxSpeechCharacters: Int

    public init(maxConcurrent: Int = ServerLimits.defaultMaxConcurrent, maxQueue: Int = 16, maxUploadBytes: Int = 100 * 1_000_000,
                maxAudioSeconds: Double? = nil, maxSpeechCharacters: Int = 4096) {
        self.maxConcurrent = maxConcurrent
        self.maxQueue = maxQueue
        self.maxUploadBytes = maxUploadBytes
        self.maxAudioSeconds = maxAudioSeconds
        self.maxSpeechCharacters = maxSpeechCharacters
    }

    /// Enough engine jobs to keep the cores busy and no more: each job's matrix products already use every core, so
    /// two jobs overlap one's single-threaded parts (decoding, feature extraction) with the other's products.
    public static let defaultMaxConcurrent = 2
}
