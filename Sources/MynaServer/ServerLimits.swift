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

    /// Requests admitted to the engine at once. The cores are shared by the engine's window turns
    /// (`MynaEngine.Configuration.concurrentWindows`, `--concurrent-windows`), not by this: admitted transcriptions
    /// take turns window by window, so this must exceed the windows for a short request to be admitted while long
    /// files run. It bounds what admitted requests hold in memory (each its upload and decoding state).
    public static let defaultMaxConcurrent = 8
}
