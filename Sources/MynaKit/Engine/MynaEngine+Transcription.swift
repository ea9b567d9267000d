import MynaCore
import MynaRecognition

extension MynaEngine {
    /// Loads what `options` needs (once per engine) and makes the transcription's decisions, before any audio.
    /// - Throws: `ConfigurationError` for an unknown model or language, or invalid decoding options;
    ///   `WeightLoadingError` for a damaged model.
    public func prepareTranscription(_ options: TranscriptionOptions = .default) throws -> PreparedTranscription {
        let transcriber = try transcriber(options.model)
        let detector = options.speechGate ? try voiceDetector(options.voiceDetector) : nil
        var decoding = options.decoding
        var speakers: PreparedTranscription.Speakers?
        if let diarization = options.speakers {
            try diarization.validate()
            decoding.wordTimestamps = true
            speakers = .init(service: try speakerService(store: options.speakerStore), options: diarization)
        }
        return try PreparedTranscription(transcriber: transcriber, detector: detector, options: decoding, speakers: speakers)
    }

    /// Transcribes `input` on the calling thread, reporting warnings, progress and segments through `onEvent`.
    /// Its windows take no turns with other transcriptions (the async API's do): it is for a caller that owns its
    /// thread, such as a command line tool.
    public func transcribe(_ input: AudioInput, options: TranscriptionOptions = .default,
                           onEvent: (TranscriptionEvent) throws -> Void) throws -> TranscriptionResult {
        try transcribe(input, options: options, windows: nil, onEvent: onEvent)
    }

    /// `transcribe`, each window taking its turn on `windows` (on `DecodingExecutor`'s threads only).
    func transcribe(_ input: AudioInput, options: TranscriptionOptions, windows: WindowScheduler?,
                    onEvent: (TranscriptionEvent) throws -> Void) throws -> TranscriptionResult {
        let prepared = try prepareTranscription(options)
        for warning in prepared.warnings { try onEvent(.warning(warning)) }
        return try prepared.run(input, windows: windows, onEvent: onEvent)
    }

    /// The events of a transcription of `input` as they happen, ending with `.completed` (DESIGN.md's `Recognizer`
    /// role). Decoding runs in its own task on threads of its own (not the cooperative pool), its windows taking
    /// turns with the engine's other transcriptions (`Configuration.concurrentWindows`); when the consumer stops
    /// iterating or its task is cancelled, decoding stops before the next 30 s window or leaves the queue for one.
    public func transcriptionEvents(_ input: AudioInput,
                                    options: TranscriptionOptions = .default) -> AsyncThrowingStream<TranscriptionEvent, Error> {
        AsyncThrowingStream { continuation in
            // Off the cooperative pool (DecodingExecutor), still inside a task so cancellation reaches the decoder;
            // not detached, so the caller's task-local values (a request's name in a log) reach the decoding thread.
            let task = Task(executorPreference: DecodingExecutor.shared) {
                do {
                    let result = try self.transcribe(input, options: options, windows: self.windows) { continuation.yield($0) }
                    continuation.yield(.completed(result))
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    /// Transcribes `input` and returns the whole transcript, decoding on the engine's own threads (not the
    /// cooperative pool), its windows taking turns with the engine's other transcriptions. Cancelling the calling task
    /// stops decoding before the next 30 s window (or ends its wait for a turn), and this returns only once the
    /// decoder has stopped: no work outlives the call (a server's gate then bounds what really runs, and a process
    /// that exits after it leaves no thread inside OpenBLAS, whose exit-time shutdown can then hang).
    /// - Throws: what `transcriptionEvents` ends with, `CancellationError` when cancelled.
    public func transcribe(_ input: AudioInput, options: TranscriptionOptions = .default) async throws -> TranscriptionResult {
        try await withTaskExecutorPreference(DecodingExecutor.shared) {
            try self.transcribe(input, options: options, windows: self.windows) { _ in }
        }
    }
}
