import MynaCore
import MynaRecognition

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

    /// `wordTimestamps`, when given, overrides `decoding.wordTimestamps`.
    public init(model: String? = nil, decoding: WhisperDecodingOptions = .default, speechGate: Bool = true,
                voiceDetector: String? = nil, wordTimestamps: Bool? = nil) {
        self.model = model
        self.decoding = decoding
        self.speechGate = speechGate
        self.voiceDetector = voiceDetector
        if let wordTimestamps { self.decoding.wordTimestamps = wordTimestamps }
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
}
