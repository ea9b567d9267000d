import Foundation
import MynaTestSupport
import Testing

/// The `myna serve` process: bad options exit 2, a taken port exits 3, and SIGTERM lets a request in flight finish
/// before the server exits 0.
@Suite(.serialized) struct ServeCommandTests {
    @Test(arguments: [["--port", "70000"], ["--max-concurrent", "0"], ["--max-upload-mb", "0"], ["--model", "whisper-huge-v9"],
                      ["--max-audio-seconds", "-1"]])
    func badOptionsExit2(arguments: [String]) throws {
        let result = try MynaExecutable.run(["serve", "--models-dir", Fixtures.models.path] + arguments)
        #expect(result.exitCode == 2, "\(arguments): \(result.standardError)")
        #expect(result.standardError.hasPrefix("myna: error: "), "\(result.standardError)")
    }

    @Test func aTakenPortExits3() throws {
        let first = try ServerProcess([])
        defer { _ = first.stop() }
        let second = try MynaExecutable.run(["serve", "--models-dir", Fixtures.models.path, "--port", String(first.port)])
        #expect(second.exitCode == 3, "\(second.standardError)")
        #expect(second.standardError.contains("myna: error: serving on 127.0.0.1:\(first.port) failed"), "\(second.standardError)")
    }

    /// A speech request whose WAV header has arrived (so it is in flight) gets its whole body after SIGTERM, and the
    /// server then exits 0. Python's http.client raises IncompleteRead if the chunked body is cut.
    @Test func sigtermFinishesTheRequestInFlight() throws {
        let server = try ServerProcess([])
        let script = """
            import http.client, json, os, signal, sys
            port, pid = int(sys.argv[1]), int(sys.argv[2])
            text = " ".join(f"This is sentence number {i} of a request that is still being spoken." for i in range(6))
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
            connection.request("POST", "/v1/audio/speech", json.dumps(
                {"model": "tts-1", "voice": "alloy", "input": text, "response_format": "wav"}),
                {"Content-Type": "application/json"})
            response = connection.getresponse()
            head = response.read(44)
            os.kill(pid, signal.SIGTERM)
            rest = response.read()
            print(json.dumps({"status": response.status, "bytes": len(head) + len(rest), "riff": head[:4].decode()}))
            """
        let run = try ChildProcess.run(URL(fileURLWithPath: "/usr/bin/env"),
                                       ["python3", "-c", script, String(server.port), String(server.process.processIdentifier)],
                                       environment: ProcessInfo.processInfo.environment)
        let status = server.stop()
        #expect(run.exitCode == 0, "\(run.standardError)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [String: Any],
                                  "\(run.standardOutput) \(run.standardError)")
        #expect(report["status"] as? Int == 200 && report["riff"] as? String == "RIFF")
        // Six sentences at 22050 Hz, 16-bit: well over 10 s of audio.
        #expect((report["bytes"] as? Int ?? 0) > 44 + 10 * 22_050 * 2, "\(report)")
        #expect(status == 0, "exit \(status): \(server.standardError)")
        #expect(server.standardError.contains("POST /v1/audio/speech 200"), "\(server.standardError)")
    }
}
