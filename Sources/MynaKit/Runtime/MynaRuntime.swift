import MynaTensor

/// Process-wide settings of the numeric back end: the one thread knob (DESIGN.md §5) and OpenBLAS's kernel choice.
///
/// Thread-safety: `setThreads(_:)` may be called from any thread; `prepareProcess()` belongs at the very start of a
/// process, before any other thread runs.
public enum MynaRuntime {
    /// Makes sure OpenBLAS runs kernels this CPU is built for: re-executes the process with `OPENBLAS_CORETYPE` set
    /// when OpenBLAS's own detection picked a slower core. Call it once, first thing in `main`, and only for a whole
    /// process (not from a library or a test).
    public static func prepareProcess() {
        OpenBLASCore.restartWithPreferredCoreIfNeeded()
    }

    /// Uses `threadCount` threads (at least 1) for matrix products and Myna's parallel loops from now on.
    public static func setThreads(_ threadCount: Int) {
        MynaThreads.set(threadCount)
    }

    /// Threads matrix products and Myna's parallel loops use now.
    public static var threadCount: Int { MynaThreads.count }
}

extension MynaRuntime {
    /// Runs `work` on the engine's own threads (`DecodingExecutor`), not on the caller's: for a server's handlers,
    /// whose cooperative pool (one thread per core) would stall while a speaker embedding or other long synchronous
    /// work runs on it. The caller awaits the result; cancellation is seen by `work` through `Task.isCancelled`.
    public static func offThePool<T: Sendable>(_ work: @Sendable () throws -> T) async throws -> T {
        try await withTaskExecutorPreference(DecodingExecutor.shared) { try work() }
    }
}
