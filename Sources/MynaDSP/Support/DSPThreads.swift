import Foundation

/// Thread-count defaults for MynaDSP's parallel loops.
///
/// Every extractor takes a `threadCount`; composition code (MynaKit) passes the engine's one `--threads` knob
/// (DESIGN.md §5), and the default is this.
public enum DSPThreads {
    /// All active cores.
    public static var all: Int { ProcessInfo.processInfo.activeProcessorCount }
}
