@testable import MynaKit
import MynaTestSupport
import Synchronization
import Testing

/// The window turns on their own, with no model: arrival order, turns handed over in that order, a bound on windows
/// running at once, and a cancelled waiter leaving the queue. Windows run as the engine runs them, in tasks on
/// `DecodingExecutor`'s threads; a window that must hold its turn blocks its own decoding thread on a `ThreadGate`.
/// The test itself only awaits events (`AsyncSignal`: the scheduler's observer says when a window queued): no clock,
/// and no wait that blocks a cooperative-pool thread.
@Suite struct WindowSchedulerTests {
    /// The order windows ran in, and a signal per `queued` event so a test can await a window's queueing.
    final class TurnLog: Sendable {
        private let names = Mutex<[String]>([])
        let queued = AsyncSignal()

        func observe(_ event: WindowScheduler.Event) { if event == .queued { queued.fire() } }
        func ran(_ name: String) { names.withLock { $0.append(name) } }
        var order: [String] { names.withLock { $0 } }
    }

    /// `body` in a task on the engine's decoding threads, as a transcription's windows run.
    static func onDecodingThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) -> Task<T, Error> {
        Task(executorPreference: DecodingExecutor.shared) { try body() }
    }

    @Test func aNewcomerRunsBeforeTheRunningTranscriptionsNextWindow() async throws {
        let log = TurnLog()
        let scheduler = WindowScheduler(concurrentWindows: 1, observe: log.observe)
        let longWindowStarted = AsyncSignal(), shortQueued = ThreadGate()
        // The long transcription's first window holds its turn until the short one has queued behind it.
        let long = Self.onDecodingThread {
            for window in 1...3 {
                try scheduler.runWindow {
                    log.ran("long \(window)")
                    if window == 1 { longWindowStarted.fire(); shortQueued.pass() }
                }
            }
        }
        await longWindowStarted.wait()
        let short = Self.onDecodingThread { try scheduler.runWindow { log.ran("short 1") } }
        await log.queued.wait()
        shortQueued.open()
        try await long.value
        try await short.value
        #expect(log.order == ["long 1", "short 1", "long 2", "long 3"])
        #expect(scheduler.waitingCount == 0)
    }

    @Test func turnsAreHandedOverInArrivalOrder() async throws {
        let log = TurnLog()
        let scheduler = WindowScheduler(concurrentWindows: 1, observe: log.observe)
        let holding = AsyncSignal(), letGo = ThreadGate()
        let first = Self.onDecodingThread { try scheduler.runWindow { holding.fire(); letGo.pass() } }
        await holding.wait()
        var others: [Task<Void, Error>] = []
        for name in ["a", "b", "c", "d"] {
            others.append(Self.onDecodingThread { try scheduler.runWindow { log.ran(name) } })
            await log.queued.wait()                          // each queues before the next starts
        }
        letGo.open()
        try await first.value
        for other in others { try await other.value }
        #expect(log.order == ["a", "b", "c", "d"])
    }

    @Test func atMostConcurrentWindowsRunAtOnce() async throws {
        final class Counts: Sendable { let value = Mutex((running: 0, peak: 0)) }
        let counts = Counts()
        let scheduler = WindowScheduler(concurrentWindows: 2)
        let workers = (0..<6).map { _ in
            Self.onDecodingThread {
                for _ in 0..<20 {
                    try scheduler.runWindow {
                        counts.value.withLock { $0.running += 1; $0.peak = max($0.peak, $0.running) }
                        var x = 0.0
                        for k in 0..<20_000 { x += Double(k).squareRoot() }
                        precondition(x > 0)
                        counts.value.withLock { $0.running -= 1 }
                    }
                }
            }
        }
        for worker in workers { try await worker.value }
        let peak = counts.value.withLock { $0.peak }
        #expect(peak <= 2)
        #expect(peak >= 1)
        #expect(scheduler.waitingCount == 0)
    }

    /// A request cancelled while it waits leaves the queue with `CancellationError`, its window never runs, and the
    /// turn it would have had goes to the next window.
    @Test func aCancelledWaiterLeavesTheQueue() async throws {
        let log = TurnLog()
        let scheduler = WindowScheduler(concurrentWindows: 1, observe: log.observe)
        let holding = AsyncSignal(), letGo = ThreadGate()
        let holder = Self.onDecodingThread { try scheduler.runWindow { holding.fire(); letGo.pass() } }
        await holding.wait()
        let waiter = Self.onDecodingThread { try scheduler.runWindow { log.ran("cancelled") } }
        await log.queued.wait()
        waiter.cancel()
        let outcome = await waiter.result
        #expect(throws: CancellationError.self) { try outcome.get() }
        #expect(scheduler.waitingCount == 0)
        letGo.open()
        try await holder.value
        try await Self.onDecodingThread { try scheduler.runWindow { log.ran("after") } }.value
        #expect(log.order == ["after"])
    }

    /// Every ready job gets a decoding thread at once, however many block (a capped pool would leave a short
    /// request's job waiting behind blocked ones, never reaching the scheduler): eight jobs that each block until all
    /// eight have started. The time limit only ends the run if that regresses into a hang.
    @Test(.timeLimit(.minutes(1))) func everyReadyJobGetsADecodingThread() async throws {
        let started = AsyncSignal(), letGo = ThreadGate()
        let jobs = (0..<8).map { _ in
            Self.onDecodingThread {
                let onDecodingThread = DecodingExecutor.isCurrentThread
                started.fire()
                letGo.pass()
                return onDecodingThread
            }
        }
        for _ in jobs { await started.wait() }
        for _ in jobs { letGo.open() }
        for job in jobs { #expect(try await job.value) }
        #expect(!DecodingExecutor.isCurrentThread, "the test's own thread is the cooperative pool's")
    }
}
