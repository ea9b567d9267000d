import Foundation
import MynaTestSupport
import Testing

/// `myna dictate` through the real ALSA capture path (the file and FIFO PCMs of `ALSATestEnvironment`), with the real
/// Silero VAD and tiny.en.
@Suite("myna dictate", .serialized, .timeLimit(.minutes(10)))
struct DictateCommandTests {
    struct Event: Decodable {
        var type: String
        var utterance: Int?
        var text: String?
        var committed: String?
        var reason: String?
        var overruns: Int?
        var dropped_frames: Int?
    }

    static func events(_ output: String) throws -> [Event] {
        try output.split(separator: "\n").map { try JSONDecoder().decode(Event.self, from: Data($0.utf8)) }
    }

    /// Lower-case words, letters and digits only.
    static func words(_ text: String) -> [String] {
        let kept: [Character] = text.lowercased().map { $0.isLetter || $0.isNumber ? $0 : " " }
        return String(kept).split(separator: " ").map(String.init)
    }

    @Test("a microphone playing a clip: the final text is the clip's transcription, nothing lost")
    func dictateFromFilePCM() throws {
        let setup = try ALSATestEnvironment.prepare()
        let seconds = Double(setup.paddedClip.count) / 16_000
        // The file PCM delivers as fast as it is read, so capture waits for the recognizer (a microphone cannot).
        let result = try MynaExecutable.run(["dictate", "--device", "mynatest", "--lossless-capture", "--json",
                                             "--duration", String(seconds)], environment: setup.environment)
        #expect(result.exitCode == 0, "\(result.standardError)")
        let events = try Self.events(result.standardOutput)
        let finals = events.filter { $0.type == "final" }
        let summary = try #require(events.last)
        #expect(summary.type == "summary")
        #expect(summary.overruns == 0 && summary.dropped_frames == 0)
        let transcribed = try MynaExecutable.run(["transcribe", ALSATestEnvironment.clipPath])
        #expect(transcribed.exitCode == 0)
        let expected = Self.words(transcribed.standardOutput)
        let dictated = Self.words(finals.compactMap(\.text).joined(separator: " "))
        #expect(expected.count >= 15)
        let same = zip(expected, dictated).filter { $0 == $1 }.count
        #expect(dictated.count == expected.count && same >= expected.count - 2,
                "dictated '\(dictated.joined(separator: " "))' vs transcribed '\(expected.joined(separator: " "))'")
        #expect(events.contains { $0.type == "partial" }, "partials were shown while the clip played")
    }

    @Test("Ctrl-C during speech prints the final text of the utterance in progress and exits 0")
    func interruptPrintsFinalText() throws {
        let setup = try ALSATestEnvironment.prepare()
        // Open the pipe behind `mynafifo` for reading and writing (never blocks, never EPIPE) and feed it from a
        // thread at twice real time, as a microphone would deliver (the pipe holds only 2 s).
        let microphone = try ALSATestEnvironment.makeFIFOMicrophone()
        let fifo = open(microphone.path, O_RDWR)
        try #require(fifo >= 0)
        defer { close(fifo) }
        let (process, standardOutput, standardError) = try Self.startDictation(on: microphone)
        let speech = Array(setup.clipInt16.prefix(16_000 * 6))      // 6 s: the interrupt comes mid-sentence
        let feeder = Feeder(fifo: fifo, samples: speech)
        let thread = Thread { feeder.run() }
        thread.start()
        while !feeder.isDone && process.isRunning { usleep(20_000) }
        // Let the pipe drain and the last decode start, then interrupt while the utterance is still open.
        usleep(500_000)
        process.interrupt()
        feeder.keepAlive(while: { process.isRunning })
        process.waitUntilExit()
        let output = String(decoding: standardOutput.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let errorText = String(decoding: standardError.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 0, "\(errorText)")
        let events = try Self.events(output)
        let finals = events.filter { $0.type == "final" }
        let last = try #require(finals.last, "no final text: \(output)")
        #expect(last.reason == "stopped", "the interrupt ended the utterance")
        #expect(Self.words(last.text ?? "").count >= 5, "\(last.text ?? "")")
        #expect(events.last?.type == "summary")
    }

    @Test("a missing device is one clear error line and exit code 3")
    func missingDevice() throws {
        let setup = try ALSATestEnvironment.prepare()
        let result = try MynaExecutable.run(["dictate", "--device", "nosuchpcm"], environment: setup.environment)
        #expect(result.exitCode == 3)
        #expect(result.standardError.hasPrefix("myna: error: nosuchpcm: "), "\(result.standardError)")
        #expect(result.standardError.split(separator: "\n").count == 1)
        #expect(result.standardOutput.isEmpty)
    }

    /// `myna dictate --device mynafifo --json --duration 60` started on `microphone` (its own pipe), with
    /// its stdout and stderr piped.
    static func startDictation(on microphone: ALSATestEnvironment.FIFOMicrophone) throws -> (Process, Pipe, Pipe) {
        let process = Process()
        process.executableURL = MynaExecutable.url
        process.arguments = ["dictate", "--device", "mynafifo", "--json", "--duration", "60"]
        process.environment = ProcessInfo.processInfo.environment
            .merging(["ALSA_CONFIG_PATH": microphone.configurationPath]) { _, new in new }
        let standardOutput = Pipe(), standardError = Pipe()
        process.standardOutput = standardOutput
        process.standardError = standardError
        try process.run()
        return (process, standardOutput, standardError)
    }

    /// Writes 50 ms periods into the FIFO at twice real time, then silence while asked to.
    final class Feeder: @unchecked Sendable {
        let fifo: Int32
        let samples: [Int16]
        private let lock = NSLock()
        private var done = false
        init(fifo: Int32, samples: [Int16]) {
            self.fifo = fifo
            self.samples = samples
        }
        var isDone: Bool { lock.lock(); defer { lock.unlock() }; return done }
        func run() {
            for start in stride(from: 0, to: samples.count, by: 800) {
                let period = Array(samples[start..<min(start + 800, samples.count)])
                _ = period.withUnsafeBytes { write(fifo, $0.baseAddress, $0.count) }
                usleep(25_000)
            }
            lock.lock(); done = true; lock.unlock()
        }
        /// Silence until `condition` fails: the capture thread ends after the read in progress, which needs audio.
        func keepAlive(while condition: () -> Bool) {
            // Never block on a full pipe: once myna has gone, nobody reads it.
            _ = fcntl(fifo, F_SETFL, fcntl(fifo, F_GETFL) | O_NONBLOCK)
            let silence = [Int16](repeating: 0, count: 800)
            var waited = 0
            while condition() && waited < 120_000 {
                _ = silence.withUnsafeBytes { write(fifo, $0.baseAddress, $0.count) }
                usleep(20_000)
                waited += 20
            }
        }
    }
}
