import Dispatch

/// Where the engine's long synchronous work (decoding a file, synthesising a request) runs: Dispatch threads of its
/// own, not Swift's cooperative pool. A 30 s Whisper window keeps a thread busy for a second or more; on the
/// cooperative pool (one thread per core, two here) a few such requests would stall every other task of the process,
/// a server's request handlers among them. As a task executor it keeps the work inside a task, so `Task.isCancelled`
/// and `Task.checkCancellation()` still see a cancellation.
///
/// Each job gets a serial queue of its own, which Dispatch runs on its overcommitting pool: a thread for every job
/// that is ready, however busy the cores. A concurrent queue would not do: Dispatch starts no more of its jobs than
/// there are cores while they compute (on two cores a third transcription would not start before one of the first
/// two ended), and then a short request could never reach `WindowScheduler`, which is what shares the cores fairly
/// between windows. The number of threads is bounded by the callers (a server's gate bounds its requests).
final class DecodingExecutor: TaskExecutor, @unchecked Sendable {
    static let shared = DecodingExecutor()

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        DispatchQueue(label: "myna.decoding", qos: .userInitiated).async { job.runSynchronously(on: executor) }
    }
}
