import Dispatch

/// A one-way event an async test awaits without blocking a thread: `fire` from any thread (it never waits), `wait`
/// suspends the awaiting task until a `fire` not yet consumed. Counts like a semaphore: each `fire` ends one `wait`.
/// For tests, whose async code must never block the cooperative pool (on a 2-core machine that starves the tasks
/// that would end the wait).
public final class AsyncSignal: Sendable {
    private let stream: AsyncStream<Void>
    private let continuation: AsyncStream<Void>.Continuation

    public init() { (stream, continuation) = AsyncStream.makeStream() }

    public func fire() { continuation.yield() }

    /// Awaits the next `fire` (one awaiting task at a time).
    public func wait() async {
        var iterator = stream.makeAsyncIterator()
        _ = await iterator.next()
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
