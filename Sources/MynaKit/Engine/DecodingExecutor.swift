import Dispatch

/// Where the engine's long synchronous work (decoding a file, synthesising a request) runs: Dispatch threads of its
/// own, not Swift's cooperative pool. A 30 s Whisper window keeps a thread busy for a second or more; on the
/// cooperative pool (one thread per core, two here) a few such requests would stall every other task of the process,
/// a server's request handlers among them. As a task executor it keeps the work inside a task, so `Task.isCancelled`
/// and `Task.checkCancellation()` still see a cancellation.
final class DecodingExecutor: TaskExecutor, @unchecked Sendable {
    static let shared = DecodingExecutor()

    private let queue = DispatchQueue(label: "myna.decoding", qos: .userInitiated, attributes: .concurrent)

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        queue.async { job.runSynchronously(on: executor) }
    }
}
