/// Who decides when a transcription's next 30 s window may use the model: `WhisperTranscriber` runs each window's
/// model work (encoder, decoder with its temperature fallback, word alignment) inside `runWindow`, and its segment
/// callbacks outside it. A server passes a scheduler that lets a bounded number of windows run at once and takes
/// turns between requests, so a short request waits for at most one window of each long one, not a whole file.
///
/// Thread-safety: implementations are called from any number of threads at once.
public protocol WhisperWindowScheduling: Sendable {
    /// Runs `body` when a window may run, on the calling thread, and returns what it returns.
    /// - Throws: `CancellationError` when the calling task is cancelled while it waits; what `body` throws.
    func runWindow<T>(_ body: () throws -> T) throws -> T
}
