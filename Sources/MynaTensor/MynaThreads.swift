import Synchronization

/// The one thread-count knob (DESIGN.md §5): it sets both OpenBLAS's thread pool and the width of Myna's own
/// parallel loops. The default is every processor OpenBLAS detects.
///
/// Thread-safety: `set(_:)` and `count` may be called from any thread; a change applies to calls that start after it.
public enum MynaThreads {
    private static let current = Atomic<Int>(0)

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
        OpenBLAS.setThreadCount(threadCount)
    }
}
