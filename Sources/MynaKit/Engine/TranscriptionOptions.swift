import MynaCore
import MynaRecognition
import MynaSpeakers

/// One transcription's choices, with the defaults written once (the CLI's defaults come from here).
public struct TranscriptionOptions: Sendable {
    /// Installed model name or model folder; nil: the engine's default (`whisper-tiny.en` unless configured).
    public var model: String?
    /// Beam search, temperature fallback, language (nil: detected by multilingual models), task, prompt…
    /// (`WhisperDecodingOptions.default`: faster-whisper's defaults).
    public var decoding: WhisperDecodingOptions
    /// Skip 30 s windows in which Silero VAD hears no speech, so silence, noise and music give no text (default on;
    /// off decodes every window, as faster-whisper without `vad_filter`).
    public var speechGate: Bool
    /// The Silero VAD weights of the gate; nil: the engine's default.
    public var voiceDetector: String?

    /// Time every word (segments then carry `words`; faster-whisper's `word_timestamps`, default off). The same
    /// switch as `decoding.wordTimestamps`.
    public var wordTimestamps: Bool {
        get { decoding.wordTimestamps }
        set { decoding.wordTimestamps = newValue }
    }

    /// Who says what: the input is diarized first (`SpeakerService.diarize` with these options) and every word and
    /// segment carries its speaker (`SpeakerAttribution`; segments are cut where the speaker changes). Implies word
    /// timestamps. Nil (the default): no speakers.
    public var speakers: DiarizationOptions?
    /// Where enrolled speakers are, to name the speakers whose voice matches theirs (default: nobody enrolled).
    public var speakerStore: any SpeakerStore

    /// `wordTimestamps`, when given, overrides `decoding.wordTimestamps`.
    public init(model: String? = nil, decoding: WhisperDecodingOptions = .default, speechGate: Bool = true,
                voiceDetector: String? = nil, wordTimestamps: Bool? = nil, speakers: DiarizationOptions? = nil,
                speakerStore: any SpeakerStore = EmptySpeakerStore()) {
        self.model = model
        self.decoding = decoding
        self.speechGate = speechGate
        self.voiceDetector = voiceDetector
        if let wordTimestamps { self.decoding.wordTimestamps = wordTimestamps }
        self.speakers = speakers
        self.speakerStore = speakerStore
    }

    public static let `default` = TranscriptionOptions()
}

/// What a transcription reports while it runs.
public enum TranscriptionEvent: Sendable {
    /// A choice the library made for the user (an English-only model asked for another language or to translate).
    case warning(String)
    /// Seconds of audio transcribed so far, out of `duration`.
    case progress(seconds: Double, duration: Double)
    /// A segment, as soon as it is final.
    case segment(TranscriptSegment)
    /// The whole transcript; always the last event of a stream that did not fail.
    case completed(TranscriptionResult)
}

/// A finished transcription.
public struct TranscriptionResult: Sendable {
    /// Segments, text, language and its probability (multilingual models).
    public var transcript: Transcript
    /// Seconds of audio in the input.
    public var duration: Double
    /// The speaker turns the words were attributed from, when speakers were asked for; nil otherwise.
    public var speakerTurns: [SpeakerTurn]? = nil
}
