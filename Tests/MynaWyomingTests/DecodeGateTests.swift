import Testing
@testable import MynaWyoming

/// `DecodeGate` with decodes that are held open until the test lets them end: the cap, the order of the queue, and
/// a cancelled waiter leaving it. Nothing is timed: the test waits for the gate's state, yielding between looks.
@Suite struct DecodeGateTests {
    /// Work that runs until `finish(name)`; records the order in which work started.
    actor Works {
        private(set) var started: [String] = []
        private var holds: [String: CheckedContinuation<Void, Never>] = [:]
        private var finished: Set<String> = []

        func run(_ name: String) async -> String {
            started.append(name)
            if !finished.contains(name) { await withCheckedContinuation { holds[name] = $0 } }
            return name
        }

        func finish(_ name: String) {
            finished.insert(name)
            holds.removeValue(forKey: name)?.resume()
        }
    }

    /// Yields until `condition` holds (the tasks under test only need turns on the executor, not time).
    static func waitFor(_ condition: () async -> Bool) async throws {
        for _ in 0..<100_000 where !(await condition()) { await Task.yield() }
        try #require(await condition())
    }

    @Test("at most maxConcurrent run; the others wait in arrival order and start as slots free")
    func capAndOrder() async throws {
        let gate = DecodeGate(maxConcurrent: 2)
        let works = Works()
        func start(_ name: String) -> Task<String, Error> {
            Task { try await gate.run { await works.run(name) } }
        }
        let a = start("a"), b = start("b")
        try await Self.waitFor { await works.started.count == 2 }
        let c = start("c")
        try await Self.waitFor { await gate.load.waiting == 1 }
        let d = start("d")
        try await Self.waitFor { await gate.load.waiting == 2 }
        #expect(await gate.load == (running: 2, waiting: 2))
        #expect(Set(await works.started) == ["a", "b"])

        await works.finish("b")
        #expect(try await b.value == "b")
        try await Self.waitFor { await works.started.count == 3 }
        #expect(await works.started.last == "c")             // first in the queue, first served
        #expect(await gate.load == (running: 2, waiting: 1))

        for name in ["a", "c", "d"] { await works.finish(name) }
        #expect(try await [a.value, c.value, d.value] == ["a", "c", "d"])
        #expect(await gate.load == (running: 0, waiting: 0))
    }

    @Test("a waiter whose task is cancelled leaves the queue at once and never runs")
    func cancelledWaiterLeaves() async throws {
        let gate = DecodeGate(maxConcurrent: 1)
        let works = Works()
        let running = Task { try await gate.run { await works.run("running") } }
        try await Self.waitFor { await works.started == ["running"] }
        let cancelled = Task { try await gate.run { await works.run("cancelled") } }
        try await Self.waitFor { await gate.load.waiting == 1 }
        let next = Task { try await gate.run { await works.run("next") } }
        try await Self.waitFor { await gate.load.waiting == 2 }

        cancelled.cancel()
        await #expect(throws: CancellationError.self) { try await cancelled.value }
        #expect(await gate.load == (running: 1, waiting: 1))

        await works.finish("running")
        await works.finish("next")
        #expect(try await running.value == "running")
        #expect(try await next.value == "next")
        #expect(await works.started == ["running", "next"])
        #expect(await gate.load == (running: 0, waiting: 0))
    }

    @Test("work that throws gives its slot back")
    func failureReleasesTheSlot() async throws {
        struct Failure: Error {}
        let gate = DecodeGate(maxConcurrent: 1)
        await #expect(throws: Failure.self) { try await gate.run { () async throws -> Int in throw Failure() } }
        #expect(try await gate.run { 7 } == 7)
        #expect(await gate.load == (running: 0, waiting: 0))
    }
}
