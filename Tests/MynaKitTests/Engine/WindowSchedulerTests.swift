import Foundation
@testable import MynaKit
import Testing

/// The window turns on their own, with threads and semaphores and no model: arrival order, turns handed over in
/// that order, a bound on windows running at once, and a cancelled waiter leaving the queue. Every step waits on an
/// event (no clock): the scheduler's observer says when a window queued or got its turn.
@Suite struct WindowSchedulerTests {
    /// The order windows ran in, and a semaphore per `queued` event so a test can wait until a window is queued.
    final class TurnLog: @unchecked Sendable {
        private let lock = NSLock()
        private var names: [String] = []
        let queued = DispatchSemaphore(value: 0)

        func observe(_ event: WindowScheduler.Event) { if event == .queued { queued.signal() } }
        func ran(_ name: String) { lock.withLock { names.append(name) } }
        var order: [String] { lock.withLock { names } }
    }

    /// Runs `body` on a thread of its own (as the engine's decoding threads do) and returns when it has.
    static func onThread(_ body: @escaping @Sendable () -> Void) -> DispatchSemaphore {
        let done = DispatchSemaphore(value: 0)
        Thread { body(); done.signal() }.start()
        return done
    }

    @Test func aNewcomerRunsBeforeTheRunningTranscriptionsNextWindow() {
        let log = TurnLog()
        let scheduler = WindowScheduler(concurrentWindows: 1, observe: log.observe)
        let shortQueued = DispatchSemaphore(value: 0), longWindowStarted = DispatchSemaphore(value: 0)
        // The long transcription's first window holds its turn until the short one has queued behind it.
        let long = Self.onThread {
            for window in 1...3 {
                try! scheduler.runWindow {
                    log.ran("long \(window)")
                    if window == 1 { longWindowStarted.signal(); shortQueued.wait() }
                }
            }
        }
        longWindowStarted.wait()
        let short = Self.onThread { try! scheduler.runWindow { log.ran("short 1") } }
        log.queued.wait()
        shortQueued.signal()
        long.wait()
        short.wait()
        #expect(log.order == ["long 1", "short 1", "long 2", "long 3"])
        #expect(scheduler.waitingCount == 0)
    }

    @Test func turnsAreHandedOverInArrivalOrder() {
        let log = TurnLog()
        let scheduler = WindowScheduler(concurrentWindows: 1, observe: log.observe)
        let holding = DispatchSemaphore(value: 0), letGo = DispatchSemaphore(value: 0)
        let first = Self.onThread { try! scheduler.runWindow { holding.signal(); letGo.wait() } }
        holding.wait()
        var others: [DispatchSemaphore] = []
        for name in ["a", "b", "c", "d"] {
            others.append(Self.onThread { try! scheduler.runWindow { log.ran(name) } })
            log.queued.wait()                                // each queues before the next starts
        }
        letGo.signal()
        first.wait()
        others.forEach { $0.wait() }
        #expect(log.order == ["a", "b", "c", "d"])
    }

    @Test func atMostConcurrentWindowsRunAtOnce() {
        final class Peak: @unchecked Sendable {
            let lock = NSLock()
            var running = 0, peak = 0
            func enter() { lock.withLock { running += 1; peak = max(peak, running) } }
            func leave() { lock.withLock { running -= 1 } }
        }
        let peak = Peak()
        let scheduler = WindowScheduler(concurrentWindows: 2)
        let threads = (0..<6).map { _ in
            Self.onThread {
                for _ in 0..<20 {
                    try! scheduler.runWindow {
                        peak.enter()
                        var x = 0.0
                        for k in 0..<20_000 { x += Double(k).squareRoot() }
                        precondition(x > 0)
                        peak.leave()
                    }
                }
            }
        }
        threads.forEach { $0.wait() }
        #expect(peak.peak <= 2)
        #expect(peak.peak >= 1)
    }

    /// A request cancelled while it waits leaves the queue with `CancellationError`, its window never runs, and the
    /// turn it would have had goes to the next window.
    @Test func aCancelledWaiterLeavesTheQueue() async throws {
        let log = TurnLog()
        let scheduler = WindowScheduler(concurrentWindows: 1, observe: log.observe)
        let holding = DispatchSemaphore(value: 0), letGo = DispatchSemaphore(value: 0)
        let holder = Self.onThread { try! scheduler.runWindow { holding.signal(); letGo.wait() } }
        holding.wait()
        let waiter = Task.detached { try scheduler.runWindow { log.ran("cancelled") } }
        await withCheckedContinuation { (queued: CheckedContinuation<Void, Never>) in
            DispatchQueue.global().async { log.queued.wait(); queued.resume() }
        }
        waiter.cancel()
        let outcome = await waiter.result
        #expect(throws: CancellationError.self) { try outcome.get() }
        #expect(scheduler.waitingCount == 0)
        letGo.signal()
        holder.wait()
        let after = Self.onThread { try! scheduler.runWindow { log.ran("after") } }
        after.wait()
        #expect(log.order == ["after"])
    }
}
