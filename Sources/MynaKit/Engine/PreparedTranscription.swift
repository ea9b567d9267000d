import MynaCore
import MynaRecognition
import MynaVAD

/// A transcription whose models are loaded and whose decisions are made, ready to run on any number of inputs:
/// the language policy (a known language; English-only models transcribe English) and the speech gate.
///
/// Immutable and `Sendable`: `run` may be called from several tasks at once.
public struct PreparedTranscription: Sendable {
    public let transcriber: WhisperTranscriber
    /// The speech gate's detector; nil when the gate is off.
    public let detector: SileroVoiceDetector?
    /// The decoding options after the language policy.
    public let decoding: WhisperDecodingOptions
    /// What the policy changed, for the user to hear of (also sent as `.warning` events by `MynaEngine.transcribe`).
    public let warnings: [String]
    /// Where each window waits for its turn (the engine's `WindowScheduler`).
    let windows: WindowScheduler?

    init(transcriber: WhisperTranscriber, detector: SileroVoiceDetector?, options: WhisperDecodingOptions,
         windows: WindowScheduler?) throws {
        var decoding = options
        var warnings: [String] = []
        let tokenizer = transcriber.model.tokenizer
        let modelName = transcriber.model.directory.lastPathComponent
        if let language = decoding.language, tokenizer.special.languageToken(language) == nil {
            let known = tokenizer.special.languages.map(\.code)
            throw ConfigurationError(field: "language", message: """
                '\(language)' is not a Whisper language code; use 'auto' or one of \(known.prefix(12).joined(separator: ", ")), … \
                (\(known.count) in all)
                """)
        }
        if let language = decoding.language, !tokenizer.isMultilingual, language != "en" {
            warnings.append("\(modelName) is English-only; transcribing as English, not '\(language)'")
            decoding.language = "en"
        }
        if decoding.task == .translate, !tokenizer.isMultilingual {
            warnings.append("\(modelName) is English-only; it cannot translate, transcribing English")
            decoding.task = .transcribe
        }
        try decoding.validate()
        self.transcriber = transcriber
        self.detector = detector
        self.decoding = decoding
        self.warnings = warnings
        self.windows = windows
    }

    /// Transcribes `input` in bounded memory (speech gate, then the log-mel maximum, then the windows, each a
    /// streaming pass of the `AudioFrontEnd`), reporting `.progress` and `.segment` events as it goes. Each window
    /// waits for its turn on the engine's `WindowScheduler`; the speech gate and feature passes do not (they are
    /// single-threaded and cheap next to a window).
    /// Cancelling the calling task stops decoding before the next 30 s window, or while it waits for its turn
    /// (`CancellationError`).
    /// - Throws: `AudioIOError` for unreadable or empty audio, `CancellationError`, and what `onEvent` throws.
    public func run(_ input: AudioInput, onEvent: (TranscriptionEvent) throws -> Void = { _ in }) throws -> TranscriptionResult {
        var options = decoding
        if let detector { options.speechFrames = try WhisperSpeechGate.speechFrames(input: input, detector: detector) }
        try Task.checkCancellation()
        var features = try WhisperFileFeatures(input: input, melCount: transcriber.model.configuration.nMels)
        let duration = features.duration
        try onEvent(.progress(seconds: 0, duration: duration))
        let transcript = try transcriber.transcribe(features: &features, options: options, windows: windows) { segment in
            try onEvent(.segment(segment))
            try onEvent(.progress(seconds: min(segment.end, duration), duration: duration))
        }
        return TranscriptionResult(transcript: transcript, duration: duration)
    }
}
