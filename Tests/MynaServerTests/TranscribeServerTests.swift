import Foundation
import Glibc
import MynaTestSupport
import Testing

/// `myna transcribe --server` against a real `myna serve` on loopback: its outputs equal a local run's byte for byte,
/// stdout keeps input order, and each failure is one line with its exit code while the other files are written.
@Suite(.serialized) struct TranscribeServerTests {
    static let files = [Fixtures.sample("jfk.flac"), Fixtures.shared("asr/dev/coqui-LJ001-0002.flac")]

    static func local(_ arguments: [String]) throws -> CommandResult {
        try MynaExecutable.run(["transcribe", "--models-dir", Fixtures.models.path] + arguments)
    }

    static func remote(_ server: ServerProcess, _ arguments: [String], environment: [String: String] = [:]) throws -> CommandResult {
        try MynaExecutable.run(["transcribe", "--server", "http://127.0.0.1:\(server.port)"] + arguments,
                               environment: environment)
    }

    /// json carries every field of the transcript; srt with word-timed cues needs the words: both equal the local
    /// files, so the transcript came back whole.
    @Test(arguments: [["--format", "json"], ["--format", "srt", "--word-timestamps", "--max-line-width", "24"]])
    func outputsEqualALocalRun(options: [String]) throws {
        let server = try ServerProcess([])
        defer { _ = server.stop() }
        let folder = try Fixtures.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let localFolder = folder.appendingPathComponent("local").path, remoteFolder = folder.appendingPathComponent("remote").path
        let local = try Self.local(options + ["--output-dir", localFolder] + Self.files)
        #expect(local.exitCode == 0, "\(local.standardError)")
        let remote = try Self.remote(server, options + ["--parallel", "2", "--output-dir", remoteFolder] + Self.files)
        #expect(remote.exitCode == 0, "\(remote.standardError)")
        let names = try FileManager.default.contentsOfDirectory(atPath: localFolder).sorted()
        #expect(names.count == 2)
        #expect(try FileManager.default.contentsOfDirectory(atPath: remoteFolder).sorted() == names)
        for name in names {
            let expected = try Data(contentsOf: URL(fileURLWithPath: localFolder).appendingPathComponent(name))
            let actual = try Data(contentsOf: URL(fileURLWithPath: remoteFolder).appendingPathComponent(name))
            #expect(actual == expected, "\(name)")
        }
    }

    /// Several files on stdout are labelled and printed in the order given, whichever the server finishes first
    /// (the longer JFK clip is given first, so the short clip's answer arrives first).
    @Test func standardOutputKeepsInputOrder() throws {
        let server = try ServerProcess([])
        defer { _ = server.stop() }
        let local = try Self.local(Self.files)
        let remote = try Self.remote(server, ["--parallel", "2"] + Self.files)
        #expect(remote.exitCode == 0, "\(remote.standardError)")
        #expect(remote.standardOutput == local.standardOutput)
        #expect(remote.standardOutput.hasPrefix("==> \(Self.files[0]) <==\n"), "\(remote.standardOutput)")
    }

    /// A file the server cannot decode is bad input (2) named in one line; the other file is still written.
    @Test func aRefusedFileIsReportedAndTheOthersAreWritten() throws {
        let server = try ServerProcess([])
        defer { _ = server.stop() }
        let folder = try Fixtures.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let text = folder.appendingPathComponent("notes.wav")
        try Data("not audio at all".utf8).write(to: text)
        let out = folder.appendingPathComponent("out").path
        let remote = try Self.remote(server, ["--output-dir", out, text.path, Self.files[1]])
        #expect(remote.exitCode == 2)
        let lines = remote.standardError.split(separator: "\n")
        #expect(lines.count == 1, "\(remote.standardError)")
        #expect(lines.first?.hasPrefix("myna: error: \(text.path): http://127.0.0.1:\(server.port)/: ") == true, "\(remote.standardError)")
        #expect(lines.first?.hasSuffix("(HTTP 400)") == true)
        #expect(try FileManager.default.contentsOfDirectory(atPath: out) == ["coqui-LJ001-0002.txt"])
    }

    @Test func aWrongAPIKeyIsAServerFailureNotSentAgain() throws {
        let server = try ServerProcess(["--api-key", "right"])
        defer { _ = server.stop() }
        let remote = try Self.remote(server, [Self.files[1]], environment: ["MYNA_API_KEY": "wrong"])
        #expect(remote.exitCode == 8)
        #expect(!remote.standardError.contains("sending again"), "\(remote.standardError)")
        #expect(remote.standardError.contains("(HTTP 401)"), "\(remote.standardError)")
        let right = try Self.remote(server, ["--api-key", "right", Self.files[1]], environment: ["MYNA_API_KEY": "wrong"])
        #expect(right.exitCode == 0, "\(right.standardError)")
    }

    /// Nothing listening: each attempt is reported, then one error line and exit 8.
    @Test func anUnreachableServerIsExit8AfterTheRetries() throws {
        let port = try LoopbackPort.free()
        let remote = try MynaExecutable.run(["transcribe", "--server", "http://127.0.0.1:\(port)", "--retries", "2",
                                             Self.files[1]])
        #expect(remote.exitCode == 8)
        let lines = remote.standardError.split(separator: "\n").map(String.init)
        #expect(lines.count == 3, "\(remote.standardError)")
        #expect(lines.prefix(2).allSatisfy { $0.contains("sending again") })
        #expect(lines.last?.hasSuffix("connection refused (after 3 attempts)") == true, "\(remote.standardError)")
    }

    /// A server that is not Myna's (Python's http.server answers a POST with an HTML 501 page): one line saying what it
    /// answered, exit 8, no output file.
    @Test func aServerThatIsNotMynasIsOneLineAndNoOutput() throws {
        let folder = try Fixtures.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let port = try LoopbackPort.free()
        let other = Process()
        other.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        other.arguments = ["python3", "-m", "http.server", "--bind", "127.0.0.1", "--directory", folder.path, String(port)]
        other.standardOutput = FileHandle.nullDevice
        other.standardError = FileHandle.nullDevice
        try other.run()
        // SIGKILL: a child of Foundation's Process inherits the runner's ignored signals, SIGTERM among them at times.
        defer { kill(other.processIdentifier, SIGKILL); other.waitUntilExit() }
        for _ in 0..<400 where !LoopbackPort.accepts(port) { usleep(25_000) }
        let out = folder.appendingPathComponent("out.txt").path
        let remote = try MynaExecutable.run(["transcribe", "--server", "http://127.0.0.1:\(port)", "--retries", "0",
                                             "-o", out, Self.files[1]])
        #expect(remote.exitCode == 8)
        let lines = remote.standardError.split(separator: "\n")
        #expect(lines.count == 1, "\(remote.standardError)")
        #expect(lines.first?.hasSuffix("the server answered text/html;charset=utf-8 (HTTP 501)") == true, "\(remote.standardError)")
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func localOnlyOptionsAreRefusedWithServer() throws {
        for options in [["--beam-size", "2"], ["--no-vad"], ["--speakers"], ["--threads", "1"]] {
            let result = try MynaExecutable.run(["transcribe", "--server", "http://127.0.0.1:1"] + options + [Self.files[1]])
            #expect(result.exitCode == 2)
            #expect(result.standardError.contains("\(options[0]) is the server's setting"), "\(result.standardError)")
        }
        let result = try MynaExecutable.run(["transcribe", "--parallel", "2", Self.files[1]])
        #expect(result.exitCode == 2 && result.standardError.contains("--parallel needs --server"))
    }
}
