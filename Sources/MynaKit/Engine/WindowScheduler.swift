import Dispatch
import MynaRecognition
import Synchronization

/// Takes turns between transcriptions window by window (issue 19, "a short request never waits behind a long one
/// for more than one window of it"): at most `concurrentWindows` Whisper windows run their model work at once, and a
/// window that wants to run queues in arrival order (first in, first out). A transcription gives its turn back after
/// each window and queues again behind whoever arrived meanwhile, so a short request that arrives while long files
/// run gets its first window after at most one window of each of them.
///
/// Why interleave windows rather than split files into requests: a transcription's windows depend on each other
/// (each is prompted with the text before it and starts where the last timestamp ended), so they must run in order
/// within one request; taking turns between requests keeps that order and needs nothing from the server but one
/// engine. The server's gate still bounds how many requests are admitted (their memory); this bounds the CPU work.
///
/// Waiting blocks the calling thread, so it happens only on `DecodingExecutor`'s threads (a precondition): one per
/// job, made for the engine and shared with nothing, so a blocked waiter holds no thread another task needs. Never on
/// the cooperative pool: on Linux its threads are Dispatch's global ones, and waits there starved the tasks that would
/// have ended them (CI hung on two cores). A waiter checks `Task.isCancelled` every `cancellationPollSeconds`: Swift
/// has no synchronous cancellation handler to wake it, and a cancelled request must leave the queue without waiting
/// for its turn.
///
/// Thread-safety: safe to call from any number of `DecodingExecutor` threads.
public final class WindowScheduler: WhisperWindowScheduling {
    /// Windows that may run at once.
    public let concurrentWindows: Int
    /// How often a waiting window looks for its task's cancellation, in seconds.
    static let cancellationPollSeconds = 0.05

    /// What a test sees of the turns, in order: a window queued, a window granted its turn (called on the thread
    /// that will run it, before it runs, outside the scheduler's lock).
    enum Event: Sendable { case queued, granted }

    private struct State {
        var free: Int
        var waiting: [Waiter] = []
    }

    /// One queued window: its thread sleeps on `wake` until a turn is handed to it.
    private final class Waiter: Sendable {
        let wake = DispatchSemaphore(value: 0)
    }

    private let state: Mutex<State>
    private let observe: @Sendable (Event) -> Void

    /// - Parameter concurrentWindows: at least 1.
    public convenience init(concurrentWindows: Int) {
        self.init(concurrentWindows: concurrentWindows, observe: { _ in })
    }

    init(concurrentWindows: Int, observe: @escaping @Sendable (Event) -> Void) {
        precondition(concurrentWindows >= 1, "WindowScheduler: \(concurrentWindows) windows")
        self.concurrentWindows = concurrentWindows
        self.observe = observe
        state = Mutex(State(free: concurrentWindows))
    }

    /// Windows waiting for a turn now.
    var waitingCount: Int { state.withLock { $0.waiting.count } }

    public func runWindow<T>(_ body: () throws -> T) throws -> T {
        try acquire()
        defer { release() }
        return try body()
    }

    /// Takes a turn, waiting behind the windows queued before this one.
    /// - Throws: `CancellationError` when the calling task is cancelled before its turn comes (no turn is kept).
    func acquire() throws {
        precondition(DecodingExecutor.isCurrentThread, "WindowScheduler: a wait for a turn off DecodingExecutor's threads")
        try Task.checkCancellation()
        let waiter: Waiter? = state.withLock { state in
            // A free turn goes to a newcomer only when nobody queues: turns are handed over in arrival order.
            if state.free > 0 && state.waiting.isEmpty {
                state.free -= 1
                return nil
            }
            let waiter = Waiter()
            state.waiting.append(waiter)
            return waiter
        }
        guard let waiter else {
            observe(.granted)
            return
        }
        observe(.queued)
        while waiter.wake.wait(timeout: .now() + Self.cancellationPollSeconds) == .timedOut {
            guard Task.isCancelled else { continue }
            let stillQueued = state.withLock { state in
                guard let index = state.waiting.firstIndex(where: { $0 === waiter }) else { return false }
                state.waiting.remove(at: index)
                return true
            }
            // Not queued any more: the turn was handed over meanwhile; pass it on rather than run a cancelled window.
            if !stillQueued {
                waiter.wake.wait()
                release()
            }
            throw CancellationError()
        }
        observe(.granted)
    }

    /// Gives a turn back: to the first queued window, else free.
    func release() {
        let next: Waiter? = state.withLock { state in
            if state.waiting.isEmpty {
                state.free += 1
                return nil
            }
            return state.waiting.removeFirst()
        }
        next?.wake.signal()
    }
}
