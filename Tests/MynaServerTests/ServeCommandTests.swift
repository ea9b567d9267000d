import Foundation
import MynaTestSupport
import Testing

/// The `myna serve` process: bad options exit 2, a taken port exits 3, and SIGTERM lets a request in flight finish
/// before the server exits 0.
@Suite(.serialized) struct ServeCommandTests {
    @Test(arguments: [["--port", "70000"], ["--max-concurrent", "0"], ["--max-upload-mb", "0"], ["--model", "whisper-huge-v9"],
                      ["--max-audio-seconds", "-1"], ["--concurrent-windows", "0"]])
    func badOptionsExit2(arguments: [String]) throws {
        let result = try MynaExecutable.run(["serve", "--models-dir", Fixtures.models.path] + arguments)
        #expect(result.exitCode == 2, "\(arguments): \(result.standardError)")
        #expect(result.standardError.hasPrefix("myna: error: "), "\(result.standardError)")
    }

    @Test func aTakenPortExits3() throws {
        let first = try ServerProcess([])
        defer { _ = first.stop() }
        let second = try MynaExecutable.run(["serve", "--models-dir", Fixtures.models.path, "--port", String(first.port),
                                             "--db", first.folder.appendingPathComponent("second.sqlite").path])
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

    /// A bounded load over loopback: 16 transcriptions of the JFK clip from 8 clients at once against one engine slot
    /// and a queue of 2. Every request is answered 200 or 429 (with Retry-After), never anything else; every 200 has
    /// the same text; the server then stops cleanly. (No timing is asserted: tests do not time.)
    @Test func loadGetsOnly200sAnd429s() throws {
        let server = try ServerProcess(["--max-concurrent", "1", "--max-queue", "2"])
        let script = #"""
            import http.client, json, sys, uuid
            from concurrent.futures import ThreadPoolExecutor
            port, path = int(sys.argv[1]), sys.argv[2]
            audio = open(path, "rb").read()
            def post(_):
                boundary = uuid.uuid4().hex
                body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\nwhisper-1\r\n"
                        f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"jfk.flac\"\r\n\r\n").encode()
                body += audio + f"\r\n--{boundary}--\r\n".encode()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
                connection.request("POST", "/v1/audio/transcriptions", body,
                                   {"Content-Type": f"multipart/form-data; boundary={boundary}"})
                response = connection.getresponse()
                data = json.loads(response.read())
                return {"status": response.status, "retry_after": response.getheader("Retry-After"),
                        "text": data.get("text"), "error": data.get("error")}
            with ThreadPoolExecutor(8) as pool:
                print(json.dumps(list(pool.map(post, range(16)))))
            """#
        let run = try ChildProcess.run(URL(fileURLWithPath: "/usr/bin/env"),
                                       ["python3", "-c", script, String(server.port), Fixtures.sample("jfk.flac")],
                                       environment: ProcessInfo.processInfo.environment)
        let status = server.stop()
        #expect(run.exitCode == 0, "\(run.standardError)")
        let answers = try #require(try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [[String: Any]],
                                   "\(run.standardOutput) \(run.standardError)")
        #expect(answers.count == 16)
        let ok = answers.filter { $0["status"] as? Int == 200 }
        let busy = answers.filter { $0["status"] as? Int == 429 }
        #expect(ok.count + busy.count == 16, "\(answers)")
        #expect(!ok.isEmpty)
        #expect(Set(ok.compactMap { $0["text"] as? String }).count == 1, "\(ok)")
        for answer in busy {
            #expect(answer["retry_after"] as? String == "1")
            #expect((answer["error"] as? [String: Any])?["code"] as? String == "queue_full")
        }
        #expect(status == 0, "exit \(status): \(server.standardError)")
    }
}
