import Logging
import MynaKit

/// What every connection of one server shares: the engine (models loaded once), the catalogue and `info`, the
/// defaults a request falls back on, and the limits.
///
/// Thread-safety: immutable; the engine is safe to call from any number of connections at once.
public struct WyomingServices: Sendable {
    public struct Options: Sendable {
        /// Offer speech to text / text to speech.
        public var asr = true
        public var tts = true
        /// The Whisper model a `transcribe` without a name uses.
        public var model = WhisperModelLocation.defaultName
        /// The voice a `synthesize` without a voice uses.
        public var voice = PiperVoiceLocation.defaultName
        /// Per-request speech knobs other than the voice (noise, speed, seed), from `SpeechOptions.default`.
        public var speech = SpeechOptions.default
        /// Framing limits per event.
        public var limits = WyomingFrameLimits.default
        /// Decode while audio arrives with the dictation pipeline (Silero VAD, partial decodes, a final per utterance):
        /// `transcript-chunk`s as words are committed, and the transcript one short decode after `audio-stop`, but each
        /// utterance is decoded alone. Off: the whole audio is decoded at `audio-stop`, as `myna transcribe` decodes it.
        public var liveTranscripts = false
        /// The longest audio stream kept for one transcript, in seconds (wyoming-faster-whisper keeps all of it;
        /// this bounds memory at 4 bytes × 16 000 per second: 10 minutes is 38 MB).
        public var maxAudioSeconds = 600.0
        /// Samples per `audio-chunk` of synthesized speech (wyoming-piper's `samples_per_chunk`).
        public var samplesPerChunk = 1024
        /// A connection on which nothing is read or written for this long is closed, in seconds.
        public var idleTimeoutSeconds: Int64 = 300
        /// Speech-to-text decodes running at once across all connections; more wait their turn (`DecodeGate`).
        /// Two: each decode already uses every engine thread, and on a small machine a third only slows the others.
        public var maxConcurrentDecodes = 2

        public init() {}
    }

    public let engine: MynaEngine
    public let catalog: WyomingCatalog
    public let options: Options
    public let info: WyomingEvent
    public let logger: Logger
    /// Bounds the speech-to-text decodes of all connections (`options.maxConcurrentDecodes`).
    public let decodeGate: DecodeGate

    public init(engine: MynaEngine, catalog: WyomingCatalog, options: Options, version: String, logger: Logger) {
        self.engine = engine
        self.catalog = catalog
        self.options = options
        self.info = WyomingEvent(catalog.info(version: version))
        self.logger = logger
        self.decodeGate = DecodeGate(maxConcurrent: options.maxConcurrentDecodes)
    }
}
