import Foundation
import MynaTestSupport
import Testing

/// `myna wyoming` driven over loopback TCP by the real `wyoming` Python package (pinned in Client/requirements.txt,
/// installed by scripts/wyoming_venv.sh into the git-ignored .venv-wyoming/), as Home Assistant drives it. Each test
/// starts its own server on a free 127.0.0.1 port. Nothing is timed: audio goes as fast as the socket takes it.
@Suite(.serialized) struct WyomingEndToEndTests {
    /// A short and a longer dev clip of ../shared/data/asr.
    static let shortClip = Fixtures.shared("asr/dev/coqui-LJ001-0002.flac")
    static let longerClip = Fixtures.shared("asr/dev/coqui-LJ001-0004.flac")
    static let voice = "en_US-joe-medium"

    @Test func describeGivesInfoThePackageParses() throws {
        try withServer { port in
            let info = try driver(["info", "--port", "\(port)"])
            let asr = try #require((info["asr"] as? [[String: Any]])?.first)
            #expect(asr["streaming"] as? Bool == true)
            #expect(asr["version"] as? String != nil)
            let models = try #require(asr["models"] as? [[String: Any]])
            let names = models.compactMap { $0["name"] as? String }
            #expect(names.contains("whisper-tiny.en"), "\(names)")
            let tiny = try #require(models.first { $0["name"] as? String == "whisper-tiny.en" })
            #expect(tiny["languages"] as? [String] == ["en"])
            if let base = models.first(where: { $0["name"] as? String == "whisper-base" }) {
                #expect(((base["languages"] as? [String]) ?? []).contains("de"))
            }
            let tts = try #require((info["tts"] as? [[String: Any]])?.first)
            #expect(tts["streaming"] as? Bool == true)
            let voices = try #require(tts["voices"] as? [[String: Any]])
            let joe = try #require(voices.first { $0["name"] as? String == Self.voice }, "\(voices)")
            #expect(joe["languages"] as? [String] == ["en_US"])
            #expect(try driver(["ping", "--port", "\(port)"])["pong"] as? String == "hello")
        }
    }

    @Test func transcriptEqualsMynaTranscribeAt16kMonoAnd44kStereo() throws {
        let expected = try transcribed(Self.shortClip)
        #expect(!expected.isEmpty)
        try withServer { port in
            for (rate, channels) in [(16_000, 1), (44_100, 2)] {
                let raw = try rawAudio(Self.shortClip, rate: rate, channels: channels)
                defer { try? FileManager.default.removeItem(at: raw) }
                let result = try driver(["transcribe", "--port", "\(port)", "--raw", raw.path, "--rate", "\(rate)",
                                         "--channels", "\(channels)", "--chunk-samples", "1024"])
                #expect(result["text"] as? String == expected, "\(rate) Hz × \(channels): \(result)")
                #expect(result["language"] as? String == "en")
            }
        }
    }

    @Test func streamedChunksConcatenateToTheTranscript() throws {
        let expected = try transcribed(Self.longerClip)
        try withServer { port in
            let raw = try rawAudio(Self.longerClip, rate: 16_000, channels: 1)
            defer { try? FileManager.default.removeItem(at: raw) }
            let result = try driver(["transcribe", "--port", "\(port)", "--raw", raw.path])
            let chunks = try #require(result["chunks"] as? [String])
            #expect(!chunks.isEmpty)
            #expect(chunks.joined() == result["text"] as? String)
            #expect(result["text"] as? String == expected)
            let events = try #require(result["events"] as? [String])
            #expect(events.first == "transcript-start")
            #expect(Array(events.suffix(2)) == ["transcript", "transcript-stop"])
        }
    }

    @Test func clientsAtOnceEachGetTheirOwnSession() throws {
        let clips = [Self.shortClip, Self.longerClip]
        let expected = try clips.map(transcribed)
        try withServer { port in
            let raws = try clips.map { try rawAudio($0, rate: 16_000, channels: 1) }
            defer { raws.forEach { try? FileManager.default.removeItem(at: $0) } }
            let result = try driver(["concurrent", "--port", "\(port)", "--text", "One. Two.", "--raws"] + raws.map(\.path))
            #expect(result["texts"] as? [String] == expected)
            #expect((result["samples"] as? Int ?? 0) > 0)
        }
    }

    @Test func liveTranscriptsStreamCommittedWordsThatConcatenateToTheTranscript() throws {
        let expected = try transcribed(Self.longerClip)
        try withServer(["--live-transcripts"]) { port in
            let raw = try rawAudio(Self.longerClip, rate: 44_100, channels: 2)
            defer { try? FileManager.default.removeItem(at: raw) }
            let result = try driver(["transcribe", "--port", "\(port)", "--raw", raw.path, "--rate", "44100", "--channels", "2"])
            let text = try #require(result["text"] as? String)
            let chunks = try #require(result["chunks"] as? [String])
            #expect(chunks.joined() == text)
            // Each utterance decoded alone by the dictation pipeline: close to, not always equal to, the offline text.
            let words = Set(expected.lowercased().split(separator: " "))
            let heard = text.lowercased().split(separator: " ")
            #expect(!heard.isEmpty)
            #expect(Double(heard.filter(words.contains).count) >= 0.8 * Double(words.count), "\(text) vs \(expected)")
            let events = try #require(result["events"] as? [String])
            #expect(Array(events.suffix(2)) == ["transcript", "transcript-stop"])
        }
    }

    @Test func audioStopWithoutAudioGivesAnEmptyTranscript() throws {
        try withServer { port in
            let empty = FileManager.default.temporaryDirectory.appendingPathComponent("myna-wyoming-empty-\(UUID()).raw")
            try Data().write(to: empty)
            defer { try? FileManager.default.removeItem(at: empty) }
            let result = try driver(["transcribe", "--port", "\(port)", "--raw", empty.path])
            #expect(result["text"] as? String == "")
            #expect(result["chunks"] as? [String] == [])
        }
    }

    @Test func synthesizeGivesMynaSaysSampleCount() throws {
        let text = "Turning on the kitchen lights. The temperature is twenty one degrees."
        let directory = try Fixtures.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let say = try MynaExecutable.run(["say", "--json", "--noise-scale", "0", "--noise-w", "0", "--voice", Self.voice,
                                          "-o", directory.appendingPathComponent("say.wav").path, text])
        #expect(say.exitCode == 0, "\(say.standardError)")
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(say.standardOutput.utf8)) as? [String: Any])
        let expected = try #require(summary["samples"] as? Int)
        try withServer(["--noise-scale", "0", "--noise-w", "0"]) { port in
            let result = try driver(["synthesize", "--port", "\(port)", "--text", text, "--voice", Self.voice])
            #expect(result["samples"] as? Int == expected, "\(result)")
            #expect(result["rates"] as? [Int] == [22_050])
            let chunks = try #require(result["chunks"] as? Int)
            #expect(chunks == (expected + 1023) / 1024)
        }
    }

    @Test func streamedSynthesisSpeaksEachSentenceThenStops() throws {
        try withServer(["--noise-scale", "0", "--noise-w", "0"]) { port in
            let result = try driver(["stream-synthesize", "--port", "\(port)", "--chunks",
                                     "The door is locked. ", "The alarm is set. ", "Good night."])
            let streams = try #require(result["streams"] as? [Int])
            #expect(streams.count == 3, "\(result)")
            #expect(streams.allSatisfy { $0 > 0 })
            #expect(result["stopped"] as? Bool == true)
        }
    }

    @Test func unknownVoiceIsAnErrorNamingTheInstalledVoices() throws {
        try withServer { port in
            let result = try driver(["synthesize", "--port", "\(port)", "--text", "Hello.", "--voice", "nobody"])
            let error = try #require(result["error"] as? [String: Any], "\(result)")
            #expect(error["code"] as? String == "unknown-voice")
            #expect((error["text"] as? String)?.contains(Self.voice) == true)
        }
    }

    @Test(arguments: ["header", "length"])
    func malformedInputGetsAnErrorAndAClosedConnectionWhileOthersWork(kind: String) throws {
        try withServer { port in
            let result = try driver(["malformed", "--port", "\(port)", "--kind", kind])
            let error = try #require(result["error"] as? [String: Any], "\(result)")
            #expect(error["code"] as? String == (kind == "header" ? "bad-header" : "too-large"))
            #expect(result["closed"] as? Bool == true)
            // The server is unharmed: a second client is served.
            #expect(try driver(["ping", "--port", "\(port)"])["pong"] as? String == "hello")
            let info = try driver(["info", "--port", "\(port)"])
            #expect((info["asr"] as? [Any])?.count == 1)
        }
    }

    @Test func anEventOutOfOrderGetsAnErrorAndAClosedConnection() throws {
        try withServer { port in
            let result = try driver(["out-of-order", "--port", "\(port)"])
            let error = try #require(result["error"] as? [String: Any], "\(result)")
            #expect(error["code"] as? String == "unexpected-event")
            #expect(result["closed"] as? Bool == true)
            #expect(try driver(["ping", "--port", "\(port)"])["pong"] as? String == "hello")
        }
    }

    @Test func anIdleConnectionIsClosed() throws {
        try withServer(["--idle-timeout", "1"]) { port in
            let result = try driver(["idle", "--port", "\(port)"])
            #expect(result["closed"] as? Bool == true)
        }
    }

    @Test func unixSocketServesTheSameProtocol() throws {
        let directory = try Fixtures.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let uri = "unix://" + directory.appendingPathComponent("wyoming.sock").path
        let server = try RunningMyna(["wyoming", "--uri", uri, "--no-asr"])
        defer {
            server.send(SIGTERM)
            _ = server.finish(timeoutSeconds: 60)
        }
        #expect(try driver(["ping", "--uri", uri])["pong"] as? String == "hello")
        let info = try driver(["info", "--uri", uri])
        #expect((info["asr"] as? [Any])?.isEmpty == true, "--no-asr offers no speech to text: \(info)")
    }

    @Test func stdioServesOneSessionUntilInputEnds() throws {
        let result = try driver(["stdio", "--myna", MynaExecutable.url.path])
        #expect(result["pong"] as? String == "over stdio")
        #expect(result["voices"] as? [String] == [Self.voice])
        #expect(result["asr"] as? Int == 0)
        #expect(result["status"] as? Int == 0)
    }

    @Test(arguments: [("SIGTERM", SIGTERM), ("SIGINT", SIGINT)])
    func aSignalStopsTheServerWithSessionsInFlight(name: String, number: Int32) throws {
        let port = try LoopbackPort.free()
        let server = try RunningMyna(["wyoming", "--uri", "tcp://127.0.0.1:\(port)", "--no-tts"])
        let raw = try rawAudio(Self.longerClip, rate: 16_000, channels: 1)
        defer { try? FileManager.default.removeItem(at: raw) }
        let result: [String: Any]
        do {
            result = try driver(["stop", "--port", "\(port)", "--raw", raw.path, "--pid", "\(server.processIdentifier)",
                                 "--signal", name])
        } catch {
            server.send(SIGKILL)
            _ = server.finish(timeoutSeconds: 60)
            throw error
        }
        // Both connections were closed by the server; then it exits on its own, with status 0, not by the signal.
        #expect(result["closed"] as? Bool == true, "\(result)")
        let ended = try #require(server.finish(timeoutSeconds: 120), "the server did not stop after \(name)")
        #expect(ended.signal == nil)
        #expect(ended.result.exitCode == 0, "\(ended.result.standardError)")
        #expect(ended.result.standardError.contains("stopping on \(name)"), "\(ended.result.standardError)")
        #expect(ended.result.standardError.contains("stopped"))
        // Before closing, the decoding session got its transcript or an error saying the server stops; the
        // streaming one got nothing more.
        let received = try #require(result["received"] as? [[String]])
        #expect(received.count == 2 && received[1].isEmpty, "\(received)")
        let allowed: Set = ["transcript-chunk", "transcript", "transcript-stop", "error"]
        #expect(received.joined().allSatisfy(allowed.contains), "\(received)")
    }

    // MARK: - Helpers

    /// Starts `myna wyoming` on a free loopback port, runs `body`, and stops the server (its log is attached to a
    /// failure).
    private func withServer(_ arguments: [String] = [], _ body: (Int) throws -> Void) throws {
        let port = try LoopbackPort.free()
        let server = try RunningMyna(["wyoming", "--uri", "tcp://127.0.0.1:\(port)"] + arguments)
        var failed = true
        defer {
            server.send(SIGTERM)
            let log = server.finish(timeoutSeconds: 60)?.result.standardError ?? "(no log: killed)"
            if failed { Issue.record("server log:\n\(log)") }
        }
        try body(port)
        failed = false
    }

    /// Runs the Python driver (scripts/wyoming_venv.sh makes its venv) and parses the JSON it prints.
    private func driver(_ arguments: [String]) throws -> [String: Any] {
        let script = Fixtures.repositoryRoot.appendingPathComponent("Tests/MynaWyomingTests/Client/wyoming_driver.py")
        let result = try ChildProcess.run(URL(fileURLWithPath: try Self.python()), [script.path] + arguments,
                                          environment: ProcessInfo.processInfo.environment)
        try #require(result.exitCode == 0, "driver \(arguments) failed: \(result.standardError)")
        let line = result.standardOutput.split(separator: "\n").last.map(String.init) ?? ""
        return try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "\(result.standardOutput)")
    }

    /// The text `myna transcribe` gives for `path` (its JSON `text`, without the leading space).
    private func transcribed(_ path: String) throws -> String {
        let result = try MynaExecutable.run(["transcribe", "--json", path])
        try #require(result.exitCode == 0, "\(result.standardError)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        return try #require(json["text"] as? String).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// `path` as raw signed 16-bit little-endian PCM at `rate` and `channels` (sox, installed by setup.sh).
    private func rawAudio(_ path: String, rate: Int, channels: Int) throws -> URL {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("myna-wyoming-\(UUID()).raw")
        let result = try ChildProcess.run(URL(fileURLWithPath: "/usr/bin/sox"),
                                          [path, "-t", "raw", "-e", "signed-integer", "-b", "16", "-L",
                                           "-r", "\(rate)", "-c", "\(channels)", output.path],
                                          environment: ProcessInfo.processInfo.environment)
        try #require(result.exitCode == 0, "sox: \(result.standardError)")
        return output
    }

    /// The venv's python, created once per test process.
    private static func python() throws -> String {
        try pythonPath.get()
    }

    private static let pythonPath: Result<String, Error> = Result {
        let script = Fixtures.repositoryRoot.appendingPathComponent("scripts/wyoming_venv.sh")
        let result = try ChildProcess.run(URL(fileURLWithPath: "/bin/bash"), [script.path],
                                          environment: ProcessInfo.processInfo.environment)
        guard result.exitCode == 0 else {
            throw VenvError(message: "scripts/wyoming_venv.sh failed: \(result.standardError)")
        }
        return result.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private struct VenvError: Error, CustomStringConvertible { var message: String; var description: String { message } }
}
