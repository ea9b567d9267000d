import Glibc
import Testing
@testable import MynaTensor

@Suite("OpenBLAS kernel choice")
struct OpenBLASCoreTests {
    private let avx512: Set<String> = ["sse3", "avx", "avx2", "fma", "avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl"]

    @Test func genericFallbackIsReplacedByWhatTheCPURuns() {
        #expect(OpenBLASCore.preferred(detected: "Prescott", cpuFlags: avx512) == "SkylakeX")
        #expect(OpenBLASCore.preferred(detected: "Prescott", cpuFlags: ["sse3", "avx", "avx2", "fma"]) == "Haswell")
        #expect(OpenBLASCore.preferred(detected: "Sandybridge", cpuFlags: ["avx", "avx2", "fma"]) == "Haswell")
        // AVX-512 F without BW/DQ/VL (Knights Landing) is not enough for the SkylakeX kernels.
        #expect(OpenBLASCore.preferred(detected: "Prescott", cpuFlags: ["avx2", "fma", "avx512f", "avx512cd"]) == "Haswell")
    }

    @Test func recognisedCPUsAndOldCPUsKeepOpenBLASsChoice() {
        #expect(OpenBLASCore.preferred(detected: "SkylakeX", cpuFlags: avx512) == nil)
        #expect(OpenBLASCore.preferred(detected: "Zen", cpuFlags: avx512) == nil)
        #expect(OpenBLASCore.preferred(detected: "Haswell", cpuFlags: avx512) == nil)
        #expect(OpenBLASCore.preferred(detected: "Prescott", cpuFlags: ["sse3", "ssse3"]) == nil)
    }

    /// The test process was not started by Myna's executables: unless the environment already names a timeout (a
    /// user's, or a `myna` parent's), it is one of the settings a restart would add, with OpenBLAS's least value.
    @Test func aMissingThreadTimeoutIsAdded() {
        let settings = OpenBLASCore.missingSettings()
        let timeout = settings.first { $0.name == OpenBLASCore.threadTimeoutVariable }
        if getenv(OpenBLASCore.threadTimeoutVariable) == nil {
            #expect(timeout?.value == "4", "\(settings)")
        } else {
            #expect(timeout == nil, "\(settings)")
        }
        // This CPU is one OpenBLAS knows (or the user chose a core): the core type is not among them.
        if getenv(OpenBLASCore.environmentVariable) != nil || !OpenBLASCore.genericFallbacks.contains(OpenBLASCore.current) {
            #expect(!settings.contains { $0.name == OpenBLASCore.environmentVariable })
        }
    }

    @Test func flagsOfTheFirstProcessor() {
        let cpuinfo = """
            processor\t: 0
            model name\t: Example CPU
            flags\t\t: fpu sse3 avx2 fma avx512f
            bugs\t\t: spectre_v1

            processor\t: 1
            flags\t\t: fpu
            """
        #expect(OpenBLASCore.cpuFlags(cpuinfo: cpuinfo) == ["fpu", "sse3", "avx2", "fma", "avx512f"])
        #expect(OpenBLASCore.cpuFlags(cpuinfo: "processor : 0\n").isEmpty)
    }

    /// The reader and parser on this machine's real /proc/cpuinfo (procfs reports size 0): every x86-64 processor
    /// has an FPU ("fp" on arm64).
    @Test func thisMachinesFlags() throws {
        let cpuinfo = try #require(OpenBLASCore.readTextFile("/proc/cpuinfo"))
        let flags = OpenBLASCore.cpuFlags(cpuinfo: cpuinfo)
        #expect(flags.contains("fpu") || flags.contains("fp"), "\(flags.sorted().prefix(10))")
        #expect(OpenBLASCore.readTextFile("/nonexistent/cpuinfo") == nil)
    }
}
