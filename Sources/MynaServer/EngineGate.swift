import Synchronization

/// Back-pressure for the engine (DESIGN.md §10): at most `maxConcurrent` jobs run at once, at most `maxQueue` more
/// wait in arrival order, and a request beyond both is refused at once with a 429 and `Retry-After`, so neither
/// memory nor waiting grows without bound however many clients come.
///
/// Thread-safety: an actor.
actor EngineGate {
    let maxConcurrent: Int
    let maxQueue: Int
    /// Seconds a refused client is told to wait (`Retry-After`).
    let retryAfterSeconds: Int
    private var running = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(maxConcurrent: Int, maxQueue: Int, retryAfterSeconds: Int = 1) {
        precondition(maxConcurrent >= 1 && maxQueue >= 0, "EngineGate: \(maxConcurrent) jobs, queue \(maxQueue)")
        self.maxConcurrent = maxConcurrent
        self.maxQueue = maxQueue
        self.retryAfterSeconds = retryAfterSeconds
    }

    /// Jobs running and waiting now.
    var load: (running: Int, waiting: Int) { (running, waiting.count) }

    /// Takes a slot, waiting in the queue while all are taken; `leave()` must follow.
    /// - Throws: `OpenAIError` 429 when the queue is full.
    func enter() async throws(OpenAIError) {
        if running < maxConcurrent {
            running += 1
            return
        }
        guard waiting.count < maxQueue else {
            throw OpenAIError(.tooManyRequests, """
                the server is busy: \(maxConcurrent) requests running and \(maxQueue) waiting; retry after \(retryAfterSeconds) s
                """, code: "queue_full", retryAfterSeconds: retryAfterSeconds)
        }
        // The slot passes straight from `leave()` to the first waiter: `running` does not change.
        await withCheckedContinuation { waiting.append($0) }
    }

    /// Gives the slot back: to the first waiter, else free.
    func leave() {
        if waiting.isEmpty {
            running -= 1
        } else {
            waiting.removeFirst().resume()
        }
    }
}

extension EngineGate {
    /// A slot held by a streamed response, given back by `release()` after its last byte, or, when the body is never
    /// written (the client went away before the head was sent), when the slot is dropped: the gate never leaks a slot.
    func slot() async throws(OpenAIError) -> EngineSlot {
        try await enter()
        return EngineSlot(gate: self)
    }
}

/// One taken slot of an `EngineGate` (see `EngineGate.slot()`).
///
/// Thread-safety: safe to share; `release()` gives the slot back once however often it is called.
final class EngineSlot: Sendable {
    private let gate: EngineGate
    private let released = Atomic<Bool>(false)

    init(gate: EngineGate) { self.gate = gate }

    func release() async {
        guard !released.exchange(true, ordering: .acquiringAndReleasing) else { return }
        await gate.leave()
    }

    deinit {
        guard !released.load(ordering: .acquiring) else { return }
        let gate = self.gate
        Task { await gate.leave() }
    }
}
