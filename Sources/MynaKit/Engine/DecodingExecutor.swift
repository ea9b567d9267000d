/// Where the engine's long synchronous work (decoding a file, synthesising a request) runs: threads of its own
/// (`DecodingThreads`), not Swift's cooperative pool. A 30 s Whisper window keeps a thread busy for a second or more;
/// on the cooperative pool (one thread per core, two here) a few such requests would stall every other task of the
/// process, a server's request handlers among them. As a task executor it keeps the work inside a task, so
/// `Task.isCancelled` and `Task.checkCancellation()` still see a cancellation.
///
/// Every job that is ready gets a thread at once, however busy the cores: a pool capped at the core count would start
/// no third transcription before one of the first two ended, and then a short request could never reach
/// `WindowScheduler`, which is what shares the cores fairly between windows. Jobs may block their thread (a window
/// waiting for its turn); that is why these are not Dispatch's threads, which the cooperative pool shares on Linux.
/// The number of threads is bounded by the callers (a server's gate bounds its requests).
final class DecodingExecutor: TaskExecutor, @unchecked Sendable {
    static let shared = DecodingExecutor()

    private let threads = DecodingThreads(name: "myna-decoding")

    /// The calling thread is one of the executor's (where a wait for a window's turn may block).
    static var isCurrentThread: Bool { DecodingThreads.isCurrentThread }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        threads.run { job.runSynchronously(on: executor) }
    }
}
