import Foundation
import MynaTensor

/// One timed run: what was measured, how long it took (seconds, wall clock, the job alone) and facts about the data
/// that let the driver check both sides processed the same thing.
struct BenchmarkResult {
    var benchmark: String
    var seconds: Double
    var facts: [String: Int]
    /// Text facts: the CPU and the kernel variants chosen for it (DESIGN.md §5: every benchmark reports them).
    var labels: [String: String] = BenchmarkResult.machine

    var jsonLine: String {
        var object: [String: Any] = ["benchmark": benchmark, "seconds": seconds]
        for (key, value) in facts { object[key] = value }
        for (key, value) in labels { object[key] = value }
        let data = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }

    /// The CPU model (`/proc/cpuinfo`'s first "model name", family and model numbers) and the variant each of Myna's C kernels runs here.
    static let machine: [String: String] = {
        let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        func field(_ name: String) -> String? {
            cpuinfo.split(separator: "\n").first { $0.split(separator: ":").first?.trimmingCharacters(in: .whitespaces) == name }
                .flatMap { $0.split(separator: ":", maxSplits: 1).last }.map { $0.trimmingCharacters(in: .whitespaces) }
        }
        let model = "\(field("model name") ?? "unknown CPU") (family \(field("cpu family") ?? "?") model \(field("model") ?? "?"))"
        return ["cpu_model": model, "kernel_accumulate_products": Kernels.accumulateProductsPath,
                "kernel_half_products": Kernels.halfProductsPath, "kernel_attention_rows": Kernels.attentionRowsPath,
                "kernel_fused_attention": Kernels.fusedAttentionPath]
    }()

    /// Runs `job` once and returns its value and its duration in seconds on the monotonic clock.
    /// CPU seconds this process has used so far (every thread, user and system).
    static func processCPUSeconds() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) * 1e-9
    }

    static func time<T>(_ job: () throws -> T) rethrows -> (value: T, seconds: Double) {
        let clock = ContinuousClock()
        let start = clock.now
        let value = try job()
        let elapsed = clock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        return (value, seconds)
    }
}
