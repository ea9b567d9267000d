import MynaCore

extension MynaEngine {
    /// Speech for `text`, sentence by sentence, with this engine's voices (each loaded once and shared); see
    /// `SpeechSynthesis.speak`. Encode it in memory with `AudioEncoder`.
    public func speak(_ text: String, options: SpeechOptions = .default,
                      warning: @escaping @Sendable (String) -> Void = { _ in }) throws -> SpokenAudio {
        try speech.speak(text, options: options, warning: warning)
    }

    /// `speak`, with the sentences synthesised in a task on the engine's own threads (`DecodingExecutor`), not on the
    /// consumer's: for servers, whose request handlers run on the cooperative pool (two threads on two cores) and
    /// would otherwise stall while a sentence is synthesised. The task runs ahead of the consumer, keeping the
    /// sentences it made until they are read (at most the whole request's audio); ending the iteration cancels it
    /// before its next sentence.
    public func speakOffThePool(_ text: String, options: SpeechOptions = .default,
                                warning: @escaping @Sendable (String) -> Void = { _ in }) throws -> SpokenAudio {
        let spoken = try speech.speak(text, options: options, warning: warning)
        let (chunks, continuation) = AsyncThrowingStream<AudioChunk, Error>.makeStream()
        let task = Task(executorPreference: DecodingExecutor.shared) {
            do {
                for try await chunk in spoken.chunks {
                    try Task.checkCancellation()
                    continuation.yield(chunk)
                }
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        continuation.onTermination = { _ in task.cancel() }
        return SpokenAudio(voice: spoken.voice, format: spoken.format, chunks: chunks)
    }
}
