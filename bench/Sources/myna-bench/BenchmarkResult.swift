import Foundation

/// One timed run: what was measured, how long it took (seconds, wall clock, the job alone) and facts about the data
/// that let the driver check both sides processed the same thing.
struct BenchmarkResult {
    var benchmark: String
    var seconds: Double
    var facts: [String: Int]

    var jsonLine: String {
        var object: [String: Any] = ["benchmark": benchmark, "seconds": seconds]
        for (key, value) in facts { object[key] = value }
        let data = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }

    /// Runs `job` once and returns its value and its duration in seconds on the monotonic clock.
    static func time<T>(_ job: () throws -> T) rethrows -> (value: T, seconds: Double) {
        let clock = ContinuousClock()
        let start = clock.now
        let value = try job()
        let elapsed = clock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        return (value, seconds)
    }
}
