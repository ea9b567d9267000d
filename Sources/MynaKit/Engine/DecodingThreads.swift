import Foundation

/// Threads of the engine's own, one for every job that is ready: a job never waits for another to finish before it
/// starts, however many run (callers bound them: a server's gate bounds its requests). A job may block its thread
/// (a window waiting for its turn in `WindowScheduler`, a long decode) without taking a thread from anything else.
///
/// Why not Dispatch: on Linux Swift's cooperative pool runs on Dispatch's global queues (threads named
/// `root.default-qos`), one thread per core. A job that blocks there starves the async tasks that would wake it; on a
/// 2-core CI machine that deadlocked the test process. These threads are created here and serve nothing else.
///
/// A thread that finds no job waits up to `idleSeconds` for one, then ends; so a burst leaves no threads behind.
///
/// Thread-safety: `run` may be called from any thread, including the cooperative pool (it only takes a lock for a
/// few instructions, never waits).
final class DecodingThreads: @unchecked Sendable {
    /// How long an idle thread waits for another job before it ends.
    static let idleSeconds = 10.0
    /// Whisper's decoding recursion and OpenBLAS's kernels stay far below this; Dispatch's worker threads have 8 MiB.
    static let stackBytes = 8 << 20

    private let condition = NSCondition()
    // Guarded by `condition`.
    private var jobs: [@Sendable () -> Void] = []
    private var idleThreads = 0
    private let name: String

    init(name: String) { self.name = name }

    /// The calling thread is one of a `DecodingThreads` pool's.
    static var isCurrentThread: Bool { Thread.current.threadDictionary[marker] != nil }
    private static let marker = "myna.decoding-thread"

    /// Runs `job` on a thread of the pool: an idle one if there is one, else a new one.
    func run(_ job: @escaping @Sendable () -> Void) {
        condition.lock()
        jobs.append(job)
        // Every job queued beyond the idle threads gets a thread of its own. An idle thread counts itself idle until
        // it has woken, so two jobs arriving before it wakes start one new thread, not none.
        let startThread = jobs.count > idleThreads
        if !startThread { condition.signal() }
        condition.unlock()
        if startThread { startWorker() }
    }

    private func startWorker() {
        let thread = Thread { [self] in
            Thread.current.threadDictionary[Self.marker] = true
            work()
        }
        thread.name = name
        thread.stackSize = Self.stackBytes
        thread.qualityOfService = .userInitiated
        thread.start()
    }

    /// Runs jobs until none comes for `idleSeconds`.
    private func work() {
        condition.lock()
        while true {
            if !jobs.isEmpty {
                let job = jobs.removeFirst()
                condition.unlock()
                job()
                condition.lock()
                continue
            }
            idleThreads += 1
            let woken = condition.wait(until: Date(timeIntervalSinceNow: Self.idleSeconds))
            idleThreads -= 1
            if !woken && jobs.isEmpty { break }
        }
        condition.unlock()
    }
}
