/// At most `maxConcurrent` speech-to-text decodes run at once across all connections; the others wait in arrival
/// order. Queued, never refused: a Wyoming client (Home Assistant) has no retry, and a voice command should be late
/// rather than lost. Every decode already uses all the engine's threads for its matrix products, so decodes beyond the
/// core count only share the same cores more finely and each finishes later.
///
/// A waiter whose task is cancelled (a speculation made obsolete by new speech, a connection closing, the server
/// stopping) leaves the queue at once with `CancellationError`, so the queue never holds work nobody wants.
///
/// Thread-safety: an actor.
public actor DecodeGate {
    public let maxConcurrent: Int
    private var running = 0
    private var waiting: [(id: UInt64, continuation: CheckedContinuation<Void, Error>)] = []
    private var nextWaiterID: UInt64 = 0

    public init(maxConcurrent: Int) {
        precondition(maxConcurrent >= 1, "DecodeGate: \(maxConcurrent) decodes at once")
        self.maxConcurrent = maxConcurrent
    }

    /// Decodes running and waiting now.
    public var load: (running: Int, waiting: Int) { (running, waiting.count) }

    /// Runs `work` once a slot is free (at once when one is), and gives the slot back when it ends, however it ends.
    /// - Throws: `CancellationError` when the calling task is cancelled while waiting; what `work` throws.
    public func run<Result: Sendable>(_ work: @Sendable () async throws -> Result) async throws -> Result {
        try await enter()
        defer { leave() }
        return try await work()
    }

    private func enter() async throws {
        try Task.checkCancellation()
        if running < maxConcurrent {
            running += 1
            return
        }
        nextWaiterID += 1
        let id = nextWaiterID
        // The slot passes straight from `leave()` to the first waiter: `running` does not change.
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { waiting.append((id, $0)) }
        } onCancel: {
            Task { await self.cancelWaiter(id) }
        }
    }

    private func leave() {
        if waiting.isEmpty {
            running -= 1
        } else {
            waiting.removeFirst().continuation.resume()
        }
    }

    /// Takes a cancelled waiter out of the queue (nothing to do when its slot was already handed over: its work then
    /// starts cancelled and ends at its first check).
    private func cancelWaiter(_ id: UInt64) {
        guard let index = waiting.firstIndex(where: { $0.id == id }) else { return }
        waiting.remove(at: index).continuation.resume(throwing: CancellationError())
    }
}
