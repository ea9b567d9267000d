import Foundation
import MynaAudioFile
import MynaCore
import MynaTestSupport
import Testing

/// ALSA test devices without a sound card: the stock `alsa.conf` plus a generated file of PCMs built on ALSA's `null`
/// and `file` plugins, loaded by pointing `ALSA_CONFIG_PATH` at both.
///
/// alsa-lib reads its configuration once per process (`snd_config_update` at the first open), so `prepare()` sets
/// `ALSA_CONFIG_PATH` in this process the first time it is called and never changes it; every test that touches ALSA
/// calls it first. Child `myna` processes get the same variable (`environment`).
///
/// The PCMs (`directory` holds their files):
/// - `mynatest`: a microphone playing `input.raw` — the speech clip as S16_LE mono, then `paddingFrames` of silence —
///   through the `file` plugin's `infile`. Past the end of `input.raw` the plugin leaves whatever its slave produced
///   (not reliably silence), so tests look only at the clip and the padding. Under it a `linear` plugin (S16_LE only, so float is not offered and the raw file is read
///   as 16-bit) over `null` (any rate, any channel count).
/// - `mynatest16k`: the same microphone, but only at 16 kHz (a `plug` with rate 16000 under the `linear` plugin; with
///   ALSA's own resampling switched off, as Myna does, `plug` offers only that rate): asking for another rate makes
///   Myna resample.
/// - `mynaout`, `mynacliout`: speakers writing S16_LE raw to `output.raw` / `cli-output.raw` (any rate).
/// - `mynaout48k`: a speaker at 48 kHz only, writing `output48k.raw`.
/// - `mynafifo` (only in the configuration of `makeFIFOMicrophone()`, one pipe per test): a microphone reading a named pipe, so a test controls
///   when audio arrives (`null` and `file` deliver as fast as they are read; a pipe makes capture wait).
///
/// Note: alsa-lib splits `ALSA_CONFIG_PATH` at `:` and spaces, so the temporary directory must not contain either.
enum ALSATestEnvironment {
    struct Setup: Sendable {
        let directory: URL
        /// The value of `ALSA_CONFIG_PATH` for this process and child `myna` processes.
        let configurationPath: String
        /// The speech clip behind `input.raw`: 16 kHz mono, every sample a multiple of 1/32768.
        let clip: AudioBuffer
        /// The clip as the S16 values at the start of `input.raw`.
        let clipInt16: [Int16]

        /// The clip followed by `paddingFrames` of silence: everything `input.raw` holds.
        var paddedClip: [Float] { clip.samples + [Float](repeating: 0, count: ALSATestEnvironment.paddingFrames) }

        func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

        /// Environment for a child `myna` process using the test PCMs.
        var environment: [String: String] { ["ALSA_CONFIG_PATH": configurationPath] }
    }

    static let clipPath = Fixtures.shared("asr/dev/coqui-LJ001-0001.flac")
    /// Frames of silence after the clip in `input.raw` (1 s at 16 kHz: far longer than the resampler's filter).
    static let paddingFrames = 16_000

    /// Creates the files and sets `ALSA_CONFIG_PATH` once per process.
    static func prepare() throws -> Setup {
        try shared.get()
    }

    private static let shared: Result<Setup, any Error> = Result { try makeSetup() }

    private static func makeSetup() throws -> Setup {
        let clip = try SoundFileReader.readAll(path: clipPath)
        guard clip.format == .speech16k else {
            throw ConfigurationError(field: clipPath, message: "expected 16 kHz mono, found \(clip.format)")
        }
        let clipInt16 = clip.samples.map { Int16(($0 * 32768).rounded()) }
        guard zip(clipInt16, clip.samples).allSatisfy({ Float($0) / 32768 == $1 }) else {
            throw ConfigurationError(field: clipPath, message: "samples are not exact 16-bit values")
        }

        let directory = URL(fileURLWithPath: NSTemporaryDirectory())
            .appendingPathComponent("myna-alsa-test-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        guard !directory.path.contains(":"), !directory.path.contains(" ") else {
            throw ConfigurationError(field: "TMPDIR", message: "\(directory.path) holds ':' or ' ', which ALSA_CONFIG_PATH cannot")
        }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let padded = clipInt16 + [Int16](repeating: 0, count: paddingFrames)
        let raw = padded.withUnsafeBufferPointer { Data(buffer: $0) }  // little-endian host
        try raw.write(to: directory.appendingPathComponent("input.raw"))
        let configuration = directory.appendingPathComponent("asound-test.conf")
        try configurationText(directory: directory.path).write(to: configuration, atomically: true, encoding: .utf8)

        let stockDirectory = ProcessInfo.processInfo.environment["ALSA_CONFIG_DIR"] ?? "/usr/share/alsa"
        let configurationPath = "\(stockDirectory)/alsa.conf:\(configuration.path)"
        setenv("ALSA_CONFIG_PATH", configurationPath, 1)
        // The files live as long as the test process: remove them when it exits.
        atexit {
            if case .success(let setup) = ALSATestEnvironment.shared {
                try? FileManager.default.removeItem(at: setup.directory)
            }
        }
        return Setup(directory: directory, configurationPath: configurationPath,
                     clip: clip, clipInt16: clipInt16)
    }

    private static func configurationText(directory: String) -> String {
        """
        # Myna device-test PCMs, generated by Tests/MynaALSATests/ALSATestEnvironment.swift.
        pcm.mynatest_s16 {
            type linear
            slave { pcm "null"; format S16_LE }
        }
        pcm.mynatest_s16_16k {
            type linear
            slave {
                pcm { type plug; slave { pcm "null"; rate 16000; format S16_LE } }
                format S16_LE
            }
        }
        pcm.mynatest_s16_48k {
            type linear
            slave {
                pcm { type plug; slave { pcm "null"; rate 48000; format S16_LE } }
                format S16_LE
            }
        }
        pcm.mynatest {
            type file
            slave.pcm "mynatest_s16"
            file "/dev/null"
            infile "\(directory)/input.raw"
            format "raw"
        }
        pcm.mynatest16k {
            type file
            slave.pcm "mynatest_s16_16k"
            file "/dev/null"
            infile "\(directory)/input.raw"
            format "raw"
        }
        pcm.mynaout {
            type file
            slave.pcm "mynatest_s16"
            file "\(directory)/output.raw"
            format "raw"
        }
        pcm.mynacliout {
            type file
            slave.pcm "mynatest_s16"
            file "\(directory)/cli-output.raw"
            format "raw"
        }
        pcm.mynaout48k {
            type file
            slave.pcm "mynatest_s16_48k"
            file "\(directory)/output48k.raw"
            format "raw"
        }

        """
    }

    /// A `mynafifo` microphone of its own for one test: a fresh named pipe and the configuration that defines
    /// `mynafifo` on it, so tests running at the same time never read each other's audio from a shared pipe.
    struct FIFOMicrophone: Sendable {
        /// The named pipe `mynafifo` reads.
        let path: String
        /// The value of `ALSA_CONFIG_PATH` for a child `myna` process using `mynafifo`.
        let configurationPath: String
    }

    /// Makes a pipe and its configuration in a new directory under the setup's (removed with it at exit).
    static func makeFIFOMicrophone() throws -> FIFOMicrophone {
        let setup = try prepare()
        let directory = setup.directory.appendingPathComponent("fifo-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let fifo = directory.appendingPathComponent("input.fifo").path
        guard mkfifo(fifo, 0o600) == 0 else {
            throw ConfigurationError(field: fifo, message: "mkfifo failed: \(String(cString: strerror(errno)))")
        }
        let configuration = directory.appendingPathComponent("asound-fifo.conf")
        try fifoConfigurationText(directory: directory.path).write(to: configuration, atomically: true, encoding: .utf8)
        return FIFOMicrophone(path: fifo, configurationPath: "\(setup.configurationPath):\(configuration.path)")
    }

    private static func fifoConfigurationText(directory: String) -> String {
        """
        # A microphone fed through a named pipe, generated by Tests/MynaALSATests/ALSATestEnvironment.swift.
        pcm.mynafifo {
            type file
            slave.pcm "mynatest_s16"
            file "/dev/null"
            infile "\(directory)/input.fifo"
            format "raw"
        }

        """
    }

    /// Reads a raw S16_LE file written by one of the speaker PCMs.
    static func readInt16(_ path: String) throws -> [Int16] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        return data.withUnsafeBytes { Array($0.bindMemory(to: Int16.self)) }
    }
}
