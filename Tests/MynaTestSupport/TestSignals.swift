import Dispatch
import Synchronization

/// A one-way event an async test awaits without blocking a thread: `fire` from any thread (it never waits), `wait`
/// suspends the awaiting task until a `fire` not yet consumed. Counts like a semaphore: each `fire` ends one `wait`.
/// For tests, whose async code must never block the cooperative pool (on a 2-core machine that starves the tasks
/// that would end the wait).
public final class AsyncSignal: Sendable {
    private struct State {
        var unconsumed = 0
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    // Not an AsyncStream: its iterator ends the stream when it is released, so a second `wait` would return at once.
    private let state = Mutex(State())

    public init() {}

    public func fire() {
        let waiter: CheckedContinuation<Void, Never>? = state.withLock { state in
            if state.waiters.isEmpty {
                state.unconsumed += 1
                return nil
            }
            return state.waiters.removeFirst()
        }
        waiter?.resume()
    }

    /// Awaits a `fire` that no other `wait` consumed.
    public func wait() async {
        await withCheckedContinuation { (waiter: CheckedContinuation<Void, Never>) in
            let fired: Bool = state.withLock { state in
                if state.unconsumed > 0 {
                    state.unconsumed -= 1
                    return true
                }
                state.waiters.append(waiter)
                return false
            }
            if fired { waiter.resume() }
        }
    }
}

/// A gate that a thread of its own blocks on until the test opens it: for work that must hold still at a point
/// (a window holding its turn) while the test arranges what comes next. Only for threads that are not the cooperative
/// pool's (the engine's decoding threads, `Thread`s); the test opens it from anywhere, which never waits.
public final class ThreadGate: Sendable {
    private let semaphore = DispatchSemaphore(value: 0)

    public init() {}

    public func open() { semaphore.signal() }

    /// Blocks the calling thread until `open`.
    public func pass() { semaphore.wait() }
}
