import Synchronization

/// The one thread-count knob (DESIGN.md §5): it sets both OpenBLAS's thread pool and the width of Myna's own
/// parallel loops. The default is every processor OpenBLAS detects.
///
/// Thread-safety: `set(_:)` and `count` may be called from any thread; a change applies to calls that start after it.
public enum MynaThreads {
    private static let current = Atomic<Int>(0)
    /// How many `withSerialBLAS` scopes are open in this process, and OpenBLAS's thread count before the first.
    private static let serialScopes = Mutex<(open: Int, savedThreadCount: Int)>((0, 1))

    /// Threads used by matrix products and Myna's parallel loops (at least 1).
    public static var count: Int {
        let value = current.load(ordering: .relaxed)
        return value > 0 ? value : OpenBLAS.processorCount
    }

    /// Processors available to the process, the default for `count`.
    public static var processorCount: Int { OpenBLAS.processorCount }

    /// Uses `threadCount` threads from now on; `threadCount` must be at least 1.
    public static func set(_ threadCount: Int) {
        precondition(threadCount >= 1, "MynaThreads.set: thread count \(threadCount) must be at least 1")
        current.store(threadCount, ordering: .relaxed)
        serialScopes.withLock { scopes in
            // Inside a serial-BLAS scope the new count applies when the scope ends.
            if scopes.open > 0 { scopes.savedThreadCount = threadCount } else { OpenBLAS.setThreadCount(threadCount) }
        }
    }

    /// Runs `body` with OpenBLAS's own pool at one thread, for callers that split their work across Myna's threads
    /// (`parallelChunks`) and call BLAS from each on its share: without this, both pools would share the cores, and
    /// OpenBLAS's threads spin between many small products. Open scopes (nested or on several threads) share one
    /// count; the pool is set back to its earlier size when the last one ends. Meanwhile BLAS calls of other threads run on
    /// one thread too (slower, never wrong).
    public static func withSerialBLAS<R>(_ body: () throws -> R) rethrows -> R {
        serialScopes.withLock { scopes in
            if scopes.open == 0 {
                scopes.savedThreadCount = OpenBLAS.threadCount
                OpenBLAS.setThreadCount(1)
            }
            scopes.open += 1
        }
        defer {
            serialScopes.withLock { scopes in
                scopes.open -= 1
                if scopes.open == 0 { OpenBLAS.setThreadCount(scopes.savedThreadCount) }
            }
        }
        return try body()
    }
}
