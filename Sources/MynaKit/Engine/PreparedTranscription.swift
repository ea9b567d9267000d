import MynaCore
import MynaRecognition
import MynaSpeakers
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
    /// Who says what, when asked for: the diarizer (with the enrolled speakers that name its speakers) and its options.
    public let speakers: Speakers?

    public struct Speakers: Sendable {
        public var service: SpeakerService
        public var options: DiarizationOptions
    }

    init(transcriber: WhisperTranscriber, detector: SileroVoiceDetector?, options: WhisperDecodingOptions,
         speakers: Speakers? = nil) throws {
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
        self.speakers = speakers
    }

    /// Transcribes `input` in bounded memory (speech gate, then the log-mel maximum, then the windows, each a
    /// streaming pass of the `AudioFrontEnd`), reporting `.progress` and `.segment` events as it goes, on the
    /// calling thread. The windows run at once, taking no turns: `MynaEngine.transcriptionEvents` and
    /// `MynaEngine.transcribe(_:options:) async` are what take turns with other transcriptions (`WindowScheduler`).
    /// With `speakers`, the input is diarized first (read whole: 4 bytes per sample at 16 kHz), then each segment is
    /// labelled and cut at changes of speaker as it becomes final (`SpeakerAttribution`).
    /// Cancelling the calling task stops decoding before the next 30 s window (`CancellationError`).
    /// - Throws: `AudioIOError` for unreadable or empty audio, `CancellationError`, `ConfigurationError` for more
    ///   speakers than the speech can hold, and what `onEvent` throws.
    public func run(_ input: AudioInput, onEvent: (TranscriptionEvent) throws -> Void = { _ in }) throws -> TranscriptionResult {
        try run(input, windows: nil, onEvent: onEvent)
    }

    /// `run`, each window's model work waiting for its turn on `windows` (the speech gate, diarization and feature
    /// passes do not: they are cheap next to the windows). Cancelling the calling task also ends a wait for a turn.
    /// - Precondition: with `windows`, the calling thread is `DecodingExecutor`'s (a wait for a turn blocks it).
    func run(_ input: AudioInput, windows: WindowScheduler?,
             onEvent: (TranscriptionEvent) throws -> Void) throws -> TranscriptionResult {
        var options = decoding
        let attribution = try speakers.map { SpeakerAttribution(turns: try $0.service.diarize(input, options: $0.options).turns) }
        if let detector { options.speechFrames = try WhisperSpeechGate.speechFrames(input: input, detector: detector) }
        try Task.checkCancellation()
        var features = try WhisperFileFeatures(input: input, melCount: transcriber.model.configuration.nMels)
        let duration = features.duration
        try onEvent(.progress(seconds: 0, duration: duration))
        let tokenizer = transcriber.model.tokenizer
        let endOfText = tokenizer.special.endOfText
        var labelled: [TranscriptSegment] = []
        var transcript = try transcriber.transcribe(features: &features, options: options, windows: windows) { segment in
            if let attribution {
                let pieces = attribution.split(segment, firstID: labelled.count) {
                    $0 < endOfText ? tokenizer.bytes(of: [$0]).count : 0
                }
                labelled += pieces
                for piece in pieces { try onEvent(.segment(piece)) }
            } else {
                try onEvent(.segment(segment))
            }
            try onEvent(.progress(seconds: min(segment.end, duration), duration: duration))
        }
        if attribution != nil { transcript.segments = labelled }
        return TranscriptionResult(transcript: transcript, duration: duration, speakerTurns: attribution?.turns)
    }
}
