import Foundation
import MynaTestSupport
import Testing

/// A microphone that stops delivering in the middle of an utterance.
///
/// `mynafifo` whose writer keeps the pipe open but writes nothing more: ALSA's `file` plugin then blocks inside
/// `snd_pcm_readi`, like a plugin whose source died, so the capture thread can neither report the stall nor be
/// stopped. (A writer that closes the pipe instead is no test of this: alsa-lib 1.2.8's `file` plugin ignores the end
/// of its `infile` and goes on delivering its buffer's stale contents as fast as it is read.)
extension DictateCommandTests {
    @Test("a microphone that stops delivering mid-utterance: its final text, then one error line naming it, exit 3")
    func stalledDevice() throws {
        let setup = try ALSATestEnvironment.prepare()
        let microphone = try ALSATestEnvironment.makeFIFOMicrophone()
        let fifo = open(microphone.path, O_RDWR)
        try #require(fifo >= 0)
        defer { close(fifo) }
        let (process, standardOutput, standardError) = try Self.startDictation(on: microphone)
        // 6 s of the clip ends mid-sentence; then nothing, with the pipe still open.
        let feeder = Feeder(fifo: fifo, samples: Array(setup.clipInt16.prefix(16_000 * 6)))
        let thread = Thread { feeder.run() }
        thread.start()
        // Myna gives up after 2 s without audio; the deadline only catches a hang on a loaded machine.
        let deadline = Date().addingTimeInterval(120)
        while process.isRunning && Date() < deadline { usleep(50_000) }
        let hung = process.isRunning
        if hung { process.terminate() }
        process.waitUntilExit()
        // Should myna have ended early, free the feeder: its writes stop blocking, and a read wakes the one in progress.
        _ = fcntl(fifo, F_SETFL, fcntl(fifo, F_GETFL) | O_NONBLOCK)
        var sink = [UInt8](repeating: 0, count: 65_536)
        while !feeder.isDone {
            _ = read(fifo, &sink, sink.count)
            usleep(10_000)
        }
        let output = String(decoding: standardOutput.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let errorText = String(decoding: standardError.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        try #require(!hung, "myna still ran 2 minutes after the device stalled")

        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 3, "\(errorText)")
        #expect(errorText.split(separator: "\n").count == 1, "\(errorText)")
        // dictate ran with --json: its error is one JSON object on stderr (README "Exit codes").
        #expect(errorText.hasPrefix(#"{"error":{"code":3,"message":"mynafifo: the device delivered no audio for "#), "\(errorText)")
        let events = try Self.events(output)
        #expect(events.last?.type == "summary")
        let last = try #require(events.last { $0.type == "final" }, "no final text: \(output)")
        #expect(last.reason == "endOfInput", "the failure ended the utterance")
        // What was heard before the stall is the start of the clip's transcription (its last word may be cut).
        let transcribed = try MynaExecutable.run(["transcribe", ALSATestEnvironment.clipPath])
        #expect(transcribed.exitCode == 0)
        let expected = Self.words(transcribed.standardOutput)
        let dictated = Self.words(last.text ?? "")
        let same = zip(expected, dictated).filter { $0 == $1 }.count
        #expect(dictated.count >= 10 && same >= dictated.count - 2,
                "dictated '\(dictated.joined(separator: " "))' vs transcribed '\(expected.joined(separator: " "))'")
    }
}
