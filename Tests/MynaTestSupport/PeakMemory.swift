import Foundation

extension MynaExecutable {
    /// GNU time, which reports the peak resident set of the one command it runs (Debian package `time`,
    /// installed by scripts/setup.sh).
    public static let timeCommand = "/usr/bin/time"

    /// Runs `myna arguments…` under `/usr/bin/time -f %M` and returns its result and its peak RSS in KiB.
    ///
    /// Why not `getrusage(RUSAGE_CHILDREN)` here: it is the maximum over every child this test process has waited
    /// for, and the tests of a bundle run in parallel in one process, so another test's child would be counted.
    /// GNU time waits for its own child with `wait4` and prints that child's `ru_maxrss` alone (KiB on Linux);
    /// it writes to its own file (`-o`) so the command's stderr stays the command's.
    public static func runMeasuringPeakMemory(_ arguments: [String], input: Data? = nil) throws -> (result: CommandResult, peakKiB: Int) {
        let report = FileManager.default.temporaryDirectory.appendingPathComponent("myna-peak-\(UUID().uuidString).txt")
        defer { try? FileManager.default.removeItem(at: report) }
        let result = try ChildProcess.run(URL(fileURLWithPath: timeCommand), ["-f", "%M", "-o", report.path, url.path] + arguments,
                                          environment: ProcessInfo.processInfo.environment, input: input)
        // GNU time writes "Command exited with non-zero status N" before the figure when the command fails.
        let lines = (try? String(contentsOf: report, encoding: .utf8))?.split(separator: "\n") ?? []
        guard let peak = lines.last.flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) }) else {
            throw PeakMemoryError(description: "\(timeCommand) reported no peak RSS (\(lines)); myna said: \(result.standardError)")
        }
        return (result, peak)
    }
}

/// `/usr/bin/time` did not report a figure (missing, or the command could not be started).
public struct PeakMemoryError: Error, CustomStringConvertible {
    public var description: String
}
