import Foundation
import MynaAudioFile
import MynaCore
import MynaDSP
import MynaTestSupport
import Testing

/// `myna record` and `myna play` end to end: the built executable, run with `ALSA_CONFIG_PATH` pointing at the test
/// PCMs of `ALSATestEnvironment`, so capture and playback go through ALSA without a sound card.
@Suite("myna record and play through ALSA test devices", .timeLimit(.minutes(3)))
struct RecordPlayCommandTests {
    @Test("myna record --device mynatest --duration 1 writes the clip's first second")
    func recordFirstSecond() throws {
        let setup = try ALSATestEnvironment.prepare()
        let directory = try Fixtures.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let output = directory.appendingPathComponent("out.wav").path
        let result = try MynaExecutable.run(["record", "--device", "mynatest", "--duration", "1", output],
                                            environment: setup.environment)
        #expect(result.exitCode == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("recorded 1.00 s (16000 frames"))
        let recorded = try SoundFileReader.readAll(path: output)
        #expect(recorded.format == .speech16k)
        #expect(recorded.samples == Array(setup.clip.samples.prefix(16_000)))
    }

    @Test("myna record --rate 24000 from a 16 kHz-only device writes 24000 resampled frames a second")
    func recordResampled() throws {
        let setup = try ALSATestEnvironment.prepare()
        let directory = try Fixtures.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let output = directory.appendingPathComponent("out24k.wav").path
        let result = try MynaExecutable.run(["record", "--device", "mynatest16k", "--rate", "24000", "--duration", "1",
                                             "--json", output], environment: setup.environment)
        #expect(result.exitCode == 0, "\(result.standardError)")
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        #expect(summary["frameCount"] as? Int == 24_000)
        #expect(summary["sampleRate"] as? Int == 24_000)
        #expect(summary["overrunCount"] as? Int == 0)
        let recorded = try SoundFileReader.readAll(path: output)
        #expect(recorded.format == AudioFormat(sampleRate: 24_000, channelCount: 1))
        let resampler = try Resampler(inputRate: 16_000, outputRate: 24_000, channelCount: 1)
        let expected = Array(try resampler.process(setup.paddedClip).prefix(24_000))
        // The file stores 16-bit samples: half a quantisation step of rounding.
        assertClose(recorded.samples, expected, atol: 0.5 / 32768 + 1e-7, "myna record at 24 kHz vs offline Resampler")
    }

    @Test("Ctrl-C (SIGINT) ends myna record cleanly and keeps what was recorded")
    func interruptKeepsRecording() throws {
        let setup = try ALSATestEnvironment.prepare()
        let directory = try Fixtures.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let output = directory.appendingPathComponent("interrupted.wav").path

        // Fill the pipe behind `mynafifo` with the clip's first second before myna opens it (O_RDWR neither blocks
        // nor waits for a reader, and being a reader too, it never gets EPIPE), and keep it open so capture then waits
        // for more, as a microphone would.
        let microphone = try ALSATestEnvironment.makeFIFOMicrophone()
        let fifo = open(microphone.path, O_RDWR | O_NONBLOCK)
        try #require(fifo >= 0)
        defer { close(fifo) }
        let second = Array(setup.clipInt16.prefix(16_000))
        let written = second.withUnsafeBytes { write(fifo, $0.baseAddress, $0.count) }
        try #require(written == 32_000)

        let process = Process()
        process.executableURL = MynaExecutable.url
        // --duration bounds the damage if the interrupt were ignored.
        process.arguments = ["record", "--device", "mynafifo", "--duration", "30", output]
        process.environment = ProcessInfo.processInfo.environment
            .merging(["ALSA_CONFIG_PATH": microphone.configurationPath]) { _, new in new }
        let standardOutput = Pipe()
        let standardError = Pipe()
        process.standardOutput = standardOutput
        process.standardError = standardError
        try process.run()

        // Wait until myna has read the whole second from the pipe.
        var queued: Int32 = 1
        var waitedMilliseconds = 0
        while queued > 0 && process.isRunning && waitedMilliseconds < 60_000 {
            usleep(10_000)
            waitedMilliseconds += 10
            _ = ioctl(fifo, UInt(FIONREAD), &queued)
        }
        #expect(queued == 0, "myna did not read the pipe")
        process.interrupt()
        // Keep the microphone going with silence (one 800-frame period every 20 ms) until the interrupt takes effect:
        // the capture thread ends after the read in progress.
        let silence = [Int16](repeating: 0, count: 800)
        waitedMilliseconds = 0
        while process.isRunning && waitedMilliseconds < 60_000 {
            _ = silence.withUnsafeBytes { write(fifo, $0.baseAddress, $0.count) }
            usleep(20_000)
            waitedMilliseconds += 20
        }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            Issue.record("myna record did not end after SIGINT")
        }
        process.waitUntilExit()

        let errorText = String(decoding: standardError.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let outputText = String(decoding: standardOutput.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 0, "\(errorText)")
        #expect(outputText.hasPrefix("recorded "))
        let recorded = try SoundFileReader.readAll(path: output)
        #expect(recorded.frameCount >= 16_000)
        #expect(recorded.frameCount < 480_000, "the interrupt, not --duration, ended the recording")
        #expect(Array(recorded.samples.prefix(16_000)) == Array(setup.clip.samples.prefix(16_000)))
    }

    @Test("myna play streams the whole file to the device bit for bit")
    func playWholeFile() throws {
        let setup = try ALSATestEnvironment.prepare()
        let result = try MynaExecutable.run(["play", ALSATestEnvironment.clipPath, "--device", "mynacliout"],
                                            environment: setup.environment)
        #expect(result.exitCode == 0, "\(result.standardError)")
        #expect(try ALSATestEnvironment.readInt16(setup.path("cli-output.raw")) == setup.clipInt16)
    }
}
