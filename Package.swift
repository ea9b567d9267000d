// swift-tools-version:6.0
// Myna: a speech and audio engine for Linux. Layering and naming follow DESIGN.md §1:
// C system libraries (each wrapped by exactly one Swift target) → MynaCore → I/O, DSP, tensors → NN → model families → kit → CLI.
import PackageDescription

/// A system library target wrapping one C library through its module map, with the Debian package that provides it.
func systemLibrary(_ name: String, pkgConfig: String?, apt: String) -> Target {
    .systemLibrary(name: name, path: "Sources/\(name)", pkgConfig: pkgConfig, providers: [.apt([apt])])
}

/// Numeric hot loops are compiled with optimisation even in debug builds: unoptimised Swift is 20–50× slower on them,
/// which would turn the model tests (real Whisper, VITS, GE2E forward passes) into hour-long runs.
let optimizedInDebug: [SwiftSetting] = [.unsafeFlags(["-O"], .when(configuration: .debug))]

let package = Package(
    name: "Myna",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "myna", targets: ["myna"]),
        .library(name: "MynaKit", targets: ["MynaKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        // SHA-256 of model files (BoringSSL's implementation); imported by MynaKit only, as an internal import.
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        // The servers: sockets and event loops (MynaWyoming), HTTP, graceful shutdown and multipart uploads
        // (MynaServer), and logs an operator reads (both).
        .package(url: "https://github.com/apple/swift-nio", from: "2.81.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
        .package(url: "https://github.com/vapor/multipart-kit", from: "4.7.1"),
        // `GET /metrics` of `myna serve`: counters, gauges and histograms in Prometheus' text exposition format.
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        // `myna transcribe --server`: the HTTP client of MynaKit's MynaServerClient (SwiftNIO, as the servers).
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        // The PostgreSQL speaker registry (`--registry postgres://…`): the wire protocol, imported by
        // MynaSpeakerRegistryPostgres only.
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        // C: system libraries (apt providers listed for `swift build` diagnostics; scripts/setup.sh installs them).
        systemLibrary("CSndFile", pkgConfig: "sndfile", apt: "libsndfile1-dev"),
        systemLibrary("CFFTW", pkgConfig: "fftw3f", apt: "libfftw3-dev"),
        systemLibrary("CALSA", pkgConfig: "alsa", apt: "libasound2-dev"),
        systemLibrary("CSoxr", pkgConfig: "soxr", apt: "libsoxr-dev"),
        systemLibrary("CEspeakNG", pkgConfig: nil, apt: "libespeak-ng-dev"),
        systemLibrary("CBLAS", pkgConfig: nil, apt: "libopenblas-dev"),
        systemLibrary("CPNG", pkgConfig: "libpng", apt: "libpng-dev"),
        systemLibrary("CZlib", pkgConfig: "zlib", apt: "zlib1g-dev"),

        // Myna's own C kernels (DESIGN.md §5): per-ISA variants behind one entry point, chosen at load; imported by
        // MynaTensor only. Optimised in every configuration, like the Swift numeric targets.
        .target(name: "CMynaKernels", cSettings: [.unsafeFlags(["-O3"])]),

        // Layer 0: value types, role protocols, errors. No C, nothing of ours.
        .target(name: "MynaCore"),

        // Layer 1: I/O adapters, DSP, tensors.
        .target(name: "MynaAudioFile", dependencies: ["MynaCore", "CSndFile"]),
        .target(name: "MynaDSP", dependencies: ["MynaCore", "CFFTW", "CSoxr"], swiftSettings: optimizedInDebug),
        .target(name: "MynaALSA", dependencies: ["MynaCore", "MynaDSP", "CALSA"]),
        .target(name: "MynaImage", dependencies: ["MynaCore", "CPNG"]),
        .target(name: "MynaTensor", dependencies: ["MynaCore", "CBLAS", "CMynaKernels"], swiftSettings: optimizedInDebug),

        // Layer 2: layers and weight readers.
        .target(name: "MynaNN", dependencies: ["MynaCore", "MynaTensor"], swiftSettings: optimizedInDebug),

        // Layer 3: model families.
        .target(name: "MynaRecognition", dependencies: ["MynaCore", "MynaDSP", "MynaTensor", "MynaNN", "CZlib"],
                swiftSettings: optimizedInDebug),

        // MynaSpeakers sees voice activity only through its `SpeechRegionDetector` role; the Silero adapter is in MynaKit.
        .target(name: "MynaSpeakers", dependencies: ["MynaCore", "MynaDSP", "MynaTensor", "MynaNN"],
                swiftSettings: optimizedInDebug),
        .target(name: "MynaVAD", dependencies: ["MynaCore", "MynaTensor", "MynaNN"], swiftSettings: optimizedInDebug),
        // The speaker registry (SQLite through GRDB) is its own target so that only it links SQLite and the encoder
        // code cannot import GRDB.
        .target(name: "MynaSpeakerRegistry", dependencies: ["MynaCore", .product(name: "GRDB", package: "GRDB.swift")]),
        // The same registry on a PostgreSQL server shared by several machines: its own target so that only it links
        // postgres-nio (and SwiftNIO's TLS), as MynaSpeakerRegistry alone links SQLite.
        .target(name: "MynaSpeakerRegistryPostgres", dependencies: [
            "MynaCore", .product(name: "PostgresNIO", package: "postgres-nio"),
        ]),
        .target(name: "MynaSynthesis", dependencies: ["MynaCore", "MynaDSP", "MynaTensor", "MynaNN", "CEspeakNG"],
                swiftSettings: optimizedInDebug),

        // Layer 4: composition (model catalogue, engine configuration).
        .target(name: "MynaKit", dependencies: ["MynaCore", "MynaAudioFile", "MynaDSP", "MynaALSA", "MynaImage", "MynaTensor",
                                               "MynaNN", "MynaRecognition", "MynaSpeakers", "MynaSpeakerRegistry",
                                               "MynaSpeakerRegistryPostgres", "MynaVAD", "MynaSynthesis",
                                               .product(name: "Crypto", package: "swift-crypto"),
                                               .product(name: "MultipartKit", package: "multipart-kit"),
                                               .product(name: "AsyncHTTPClient", package: "async-http-client")]),

        // Layer 5: command line.
        // The CLI sits on the engine alone: argument parsing, output formatting and exit codes over MynaKit.
        .target(name: "MynaCommands", dependencies: [
            "MynaKit", "MynaCore", .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // The Wyoming server for Home Assistant (`myna wyoming`): protocol, sessions over MynaKit, and its command,
        // registered by the executable so that MynaCommands stays on MynaKit alone.
        .target(name: "MynaWyoming", dependencies: [
            "MynaKit", .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "UnixSignals", package: "swift-service-lifecycle"),
        ]),
        // The OpenAI-compatible speech server and its `serve` command, on MynaKit only (DESIGN.md §10). It has its own
        // target so that MynaCommands keeps importing only MynaKit, MynaCore and ArgumentParser.
        .target(name: "MynaServer", dependencies: [
            "MynaKit", "MynaCore", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "MultipartKit", package: "multipart-kit"),
            .product(name: "Prometheus", package: "swift-prometheus"),
        ]),
        .executableTarget(name: "myna", dependencies: ["MynaCommands", "MynaServer", "MynaWyoming"]),
        .executableTarget(name: "myna-bench", dependencies: ["MynaCore", "MynaAudioFile", "MynaDSP", "MynaTensor", "MynaNN",
                                                           "MynaRecognition", "MynaVAD", "MynaSynthesis", "MynaSpeakers", "MynaKit"],
                          path: "bench/Sources/myna-bench"),

        // Tests: shared support plus one bundle per target.
        .target(name: "MynaTestSupport", dependencies: ["MynaCore", "MynaTensor"], path: "Tests/MynaTestSupport"),
        .testTarget(name: "MynaCoreTests", dependencies: ["MynaCore", "MynaTestSupport"]),
        .testTarget(name: "MynaAudioFileTests", dependencies: ["MynaAudioFile", "MynaDSP", "MynaTestSupport"],
                    resources: [.copy("Golden")]),
        .testTarget(name: "MynaDSPTests", dependencies: ["MynaDSP", "MynaAudioFile", "MynaImage", "MynaTestSupport"],
                    resources: [.copy("Golden")]),
        .testTarget(name: "MynaALSATests", dependencies: ["MynaALSA", "MynaAudioFile", "MynaDSP", "MynaTestSupport"]),
        .testTarget(name: "MynaTensorTests", dependencies: ["MynaTensor", "MynaTestSupport"],
                    resources: [.copy("Golden")]),
        .testTarget(name: "MynaNNTests", dependencies: ["MynaNN", "MynaTensor", "MynaTestSupport"],
                    resources: [.copy("Golden")]),
        .testTarget(name: "MynaRecognitionTests", dependencies: ["MynaRecognition", "MynaDSP", "MynaAudioFile", "MynaTensor", "MynaTestSupport"],
                    resources: [.copy("Golden")]),
        // MynaKit for SileroSpeechRegions, the trimmer SpeechTrimmingTests runs the encoder with.
        .testTarget(name: "MynaSpeakersTests", dependencies: ["MynaSpeakers", "MynaCore", "MynaNN", "MynaTensor", "MynaAudioFile",
                                                            "MynaDSP", "MynaKit", "MynaTestSupport"],
                    resources: [.copy("Golden")]),
        // Both registry backends, one suite: the PostgreSQL one against a throwaway cluster (MynaTestSupport's
        // ThrowawayPostgres).
        .testTarget(name: "MynaSpeakerRegistryTests", dependencies: ["MynaSpeakerRegistry", "MynaSpeakerRegistryPostgres",
                                                                   "MynaCore", "MynaTestSupport",
                                                                   .product(name: "GRDB", package: "GRDB.swift"),
                                                                   .product(name: "PostgresNIO", package: "postgres-nio")]),
        .testTarget(name: "MynaVADTests", dependencies: ["MynaVAD", "MynaAudioFile", "MynaDSP", "MynaNN", "MynaTestSupport"],
                    resources: [.copy("Golden")]),
        .testTarget(name: "MynaSynthesisTests", dependencies: ["MynaSynthesis", "MynaAudioFile", "MynaDSP", "MynaTestSupport"],
                    resources: [.copy("Golden")]),
        .testTarget(name: "MynaKitTests", dependencies: ["MynaKit", "MynaRecognition", "MynaSynthesis", "MynaAudioFile", "MynaDSP",
                                                        "MynaSpeakers", "MynaSpeakerRegistry", "MynaTestSupport"],
                    resources: [.copy("Golden")]),
        // Client/: the Python driver of the end-to-end tests and its pinned `wyoming` (scripts/wyoming_venv.sh).
        .testTarget(name: "MynaWyomingTests", dependencies: ["MynaWyoming", "MynaKit", "MynaTestSupport",
                                                           .product(name: "NIOCore", package: "swift-nio")],
                    exclude: ["Client"]),
        .testTarget(name: "MynaServerTests", dependencies: ["MynaServer", "MynaKit", "MynaTestSupport",
                                                          .product(name: "HummingbirdTesting", package: "hummingbird")]),
        .testTarget(name: "MynaCommandsTests", dependencies: ["MynaTestSupport", "MynaAudioFile",
                                                            .product(name: "GRDB", package: "GRDB.swift")]),
    ]
)

// libFuzzer targets (fuzz/README.md): only with MYNA_FUZZ=1, so that the normal build and CI never see them; fuzz/run
// builds them with `-sanitize=fuzzer` in their own build folder.
if Context.environment["MYNA_FUZZ"] == "1" {
    package.targets += [
        .target(name: "MynaFuzzSupport", dependencies: ["MynaNN"], path: "fuzz/Sources/MynaFuzzSupport"),
        .executableTarget(name: "fuzz-audio", dependencies: ["MynaAudioFile", "MynaFuzzSupport"], path: "fuzz/Sources/fuzz-audio"),
    ] + ["ctranslate2", "onnx", "pytorch", "safetensors"].map { reader in
        .executableTarget(name: "fuzz-\(reader)", dependencies: ["MynaFuzzSupport", "MynaNN"], path: "fuzz/Sources/fuzz-\(reader)")
    }
}
