import MynaCore
import MynaVAD

extension MynaEngine {
    /// A dictation session on this engine's models: Whisper `model` (nil: the configured default) and the Silero
    /// VAD `voiceDetector` (nil: the configured default), each loaded once per engine. One session per live stream.
    public func dictationSession(model: String? = nil, voiceDetector: String? = nil,
                                 options: DictationOptions = .default) throws -> DictationSession {
        let transcriber = try transcriber(model)
        let detector = try self.voiceDetector(voiceDetector)
        return try DictationSession(transcriber: transcriber, vad: SileroVoiceActivityStream(detector: detector), options: options)
    }

    /// Live dictation of `source` (any format: downmixed and resampled on the way in) as events: partials while an
    /// utterance goes on, a final when it ends; the stream ends when the source does (after the last final), or
    /// fails with the source's error after the final text of the utterance in progress. Stopping the iteration
    /// cancels the dictation.
    /// - Parameters:
    ///   - readFrames: the most frames taken from the source at once (see `LiveDictation.run`).
    ///   - frameLimit: stop after this many frames of the source (nil: until it ends).
    public func dictate(_ source: any AudioSource, model: String? = nil, voiceDetector: String? = nil,
                        options: DictationOptions = .default, readFrames: Int = 16_000 * 30,
                        frameLimit: Int? = nil) throws -> AsyncThrowingStream<DictationEvent, Error> {
        let session = try dictationSession(model: model, voiceDetector: voiceDetector, options: options)
        let box = UncheckedSendable((session, source))
        return AsyncThrowingStream { continuation in
            // Decodes run synchronously inside the session: keep them off the cooperative pool (DecodingExecutor).
            let task = Task(executorPreference: DecodingExecutor.shared) {
                do {
                    try await LiveDictation.run(box.value.0, source: box.value.1, readFrames: readFrames,
                                                frameLimit: frameLimit) { continuation.yield($0) }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }
}

/// Hands a value that is used by one task at a time (a dictation session and its source) to that task.
struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
