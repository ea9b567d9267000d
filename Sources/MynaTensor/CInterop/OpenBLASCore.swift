#if canImport(Glibc)
internal import Glibc
#elseif canImport(Darwin)
internal import Darwin
#endif

/// Which of OpenBLAS's CPU-specific kernel sets runs the matrix products, and the fix for CPUs it does not know.
///
/// Debian 12's OpenBLAS 0.3.21 is built with `DYNAMIC_ARCH`: at load time it picks kernels by CPU model number. On a
/// model newer than the library (for example Intel family 6 model 207, Emerald Rapids) it falls back to its generic
/// `Prescott` kernels (SSE3), which run sgemm 4–5 times slower than the AVX-512 ones the CPU supports. The library reads
/// `OPENBLAS_CORETYPE` once, while it loads (before `main`), so the only way to change its choice is to set the
/// variable and start the process again: `restartWithPreferredCoreIfNeeded()`, called first thing by Myna's
/// executables, which also sets `OPENBLAS_THREAD_TIMEOUT` (see `threadTimeoutVariable`). A variable the user set is
/// always left alone.
public enum OpenBLASCore {
    public static let environmentVariable = "OPENBLAS_CORETYPE"

    /// How long OpenBLAS's idle worker threads spin (2^N cycles, calling `sched_yield`) before they sleep. Its default,
    /// 2^28 cycles, keeps them spinning through the gaps between a decoder step's small products, where they compete
    /// for the cores with Myna's own parallel loops. With 4 (the least OpenBLAS accepts) they sleep at once: the 84 dev
    /// files at beam 1 on 2 Zen 4 cores took 46.6–52.0 s (4 runs) instead of 52.0–53.5 s (3 runs), with 4 s of system
    /// CPU instead of 22 (75–83 s of CPU in all instead of 95).
    /// Like the core type it is read once, while the library loads; a value the user set is left alone.
    public static let threadTimeoutVariable = "OPENBLAS_THREAD_TIMEOUT"
    static let preferredThreadTimeout = "4"

    /// The kernel set OpenBLAS uses in this process (`openblas_get_corename`), e.g. "SkylakeX", "Haswell", "Prescott".
    public static var current: String { OpenBLAS.coreName }

    /// OpenBLAS's names for the kernel sets it falls back to on x86-64 CPUs it cannot place by model number.
    static let genericFallbacks: Set<String> = [
        "Prescott", "Core2", "Penryn", "Dunnington", "Nehalem", "Katmai", "Coppermine", "Northwood", "Banias", "Atom",
        "Sandybridge",
    ]

    /// The kernel set to force for a CPU with these `/proc/cpuinfo` flags when OpenBLAS chose `detected`, or nil to
    /// keep OpenBLAS's choice: only a generic fallback is replaced, by the best of its x86-64 kernel sets that every
    /// CPU with these flags runs (AVX-512 F/CD/BW/DQ/VL: SkylakeX; AVX2 and FMA: Haswell).
    public static func preferred(detected: String, cpuFlags: Set<String>) -> String? {
        guard genericFallbacks.contains(detected) else { return nil }
        if cpuFlags.isSuperset(of: ["avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl"]) { return "SkylakeX" }
        if cpuFlags.isSuperset(of: ["avx2", "fma"]) { return "Haswell" }
        return nil
    }

    /// The flags of the first processor in `cpuinfo` (the text of `/proc/cpuinfo`); empty when there is no flags line.
    public static func cpuFlags(cpuinfo: String) -> Set<String> {
        for line in cpuinfo.split(separator: "\n") where line.hasPrefix("flags") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            return Set(line[line.index(after: colon)...].split(separator: " ").map(String.init))
        }
        return []
    }

    /// The OpenBLAS settings this process should have been started with and was not: `OPENBLAS_CORETYPE` when OpenBLAS
    /// fell back to generic kernels on a CPU that runs better ones, `OPENBLAS_THREAD_TIMEOUT` when unset; never a
    /// variable the user set.
    static func missingSettings() -> [(name: String, value: String)] {
        var settings: [(name: String, value: String)] = []
        if getenv(threadTimeoutVariable) == nil { settings.append((threadTimeoutVariable, preferredThreadTimeout)) }
        // /proc/cpuinfo is read only when OpenBLAS fell back, so a CPU it knows pays nothing at start-up.
        if getenv(environmentVariable) == nil, genericFallbacks.contains(current),
           let cpuinfo = readTextFile("/proc/cpuinfo"),
           let core = preferred(detected: current, cpuFlags: cpuFlags(cpuinfo: cpuinfo)) {
            settings.append((environmentVariable, core))
        }
        return settings
    }

    /// When OpenBLAS was loaded without the settings Myna wants (`missingSettings()`), sets them and replaces this
    /// process by a new run of the same executable with the same arguments (`execv` of the executable `/proc/self/exe`
    /// points to; about 20 ms). Returns (doing nothing) otherwise, or if the restart fails. Call it before any thread
    /// starts and before any output.
    public static func restartWithPreferredCoreIfNeeded() {
        let settings = missingSettings()
        guard !settings.isEmpty else { return }
        // The executable's own path rather than /proc/self/exe, so that the new process keeps its name (`ps`, `top`).
        var path = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let length = readlink("/proc/self/exe", &path, path.count - 1)
        guard length > 0 else { return }
        for setting in settings { setenv(setting.name, setting.value, 1) }
        execv(path, CommandLine.unsafeArgv)
        // Only reached when execv failed: carry on with the settings OpenBLAS already read.
    }

    /// The whole text of a small file (procfs reports a size of 0, so read until end of file), or nil.
    static func readTextFile(_ path: String) -> String? {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var bytes = [UInt8]()
        var block = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = block.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            guard count >= 0 else { return nil }
            if count == 0 { return String(decoding: bytes, as: UTF8.self) }
            bytes.append(contentsOf: block[0..<count])
        }
    }
}
