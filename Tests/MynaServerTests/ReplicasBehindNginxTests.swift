import Foundation
import MynaTestSupport
import Testing

/// deploy/'s set-up on loopback: two `myna serve` replicas behind nginx running the shipped configuration, and
/// `myna transcribe --server` sending a batch through nginx while one replica is killed (SIGKILL, requests in flight
/// cut) and restarted. Every output must be present once and equal to a local run's.
@Suite(.serialized) struct ReplicasBehindNginxTests {
    /// 20 dev clips of at most 6 s (dev.tsv order), to keep the batch short in CI.
    static func clips() throws -> [String] {
        let table = try String(contentsOfFile: Fixtures.shared("asr/dev.tsv"), encoding: .utf8)
        let rows = table.split(separator: "\n").dropFirst().map { $0.split(separator: "\t").map(String.init) }
        let short = rows.filter { Double($0[2]).map { $0 <= 6 } ?? false }.prefix(20)
        return short.map { Fixtures.shared("asr/\($0[1])") }
    }

    @Test func aBatchThroughNginxSurvivesAReplicaKilledAndRestarted() throws {
        let clips = try Self.clips()
        #expect(clips.count == 20)
        let folder = try Fixtures.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let localFolder = folder.appendingPathComponent("local"), remoteFolder = folder.appendingPathComponent("remote")

        // One thread, as each replica: the statistics' last digits depend on how the matrix products are split
        // (no_speech_prob 0.004554755 with one thread, 0.004554769 with two; the tokens do not change).
        let local = try MynaExecutable.run(["transcribe", "--models-dir", Fixtures.models.path, "--threads", "1",
                                            "--format", "json", "--output-dir", localFolder.path] + clips)
        #expect(local.exitCode == 0, "\(local.standardError)")

        var first = try ServerProcess(["--threads", "1"])
        let second = try ServerProcess(["--threads", "1"])
        let nginx = try NginxProcess(upstreamPorts: [first.port, second.port])
        defer {
            nginx.stop()
            _ = first.stop()
            _ = second.stop()
        }

        let batch = try RunningMyna(["transcribe", "--server", "http://127.0.0.1:\(nginx.port)", "--parallel", "4",
                                     "--retries", "10", "--format", "json", "--output-dir", remoteFolder.path] + clips)
        func written() -> Int { (try? FileManager.default.contentsOfDirectory(atPath: remoteFolder.path).count) ?? 0 }
        // Kill the first replica once a few files are done, restart it a few files later (on its port, as systemd
        // would). Waiting on the files, not on a clock: the batch's pace does not matter. The test polls on its own
        // thread (no `await`): a watcher that must wait for a free cooperative thread to wake up found the batch
        // already finished when the whole suite kept the pool busy.
        var killedAt: Int?
        while batch.isRunning, written() < 3 { usleep(50_000) }
        if batch.isRunning {
            killedAt = written()
            first.kill()
            while batch.isRunning, written() < min(20, killedAt! + 5) { usleep(50_000) }
            first = try ServerProcess(["--threads", "1"], port: first.port)
        }
        let finished = try #require(batch.finish(timeoutSeconds: 900), "the batch did not end within 900 s")
        #expect(finished.result.exitCode == 0, "\(finished.result.standardError)\n\(nginx.errorLog)")
        #expect(killedAt.map { (1..<20).contains($0) } == true, "the replica was not killed mid-batch (\(String(describing: killedAt)))")

        let names = try FileManager.default.contentsOfDirectory(atPath: localFolder.path).sorted()
        #expect(names.count == 20)
        #expect(try FileManager.default.contentsOfDirectory(atPath: remoteFolder.path).sorted() == names)
        for name in names {
            let expected = try Data(contentsOf: localFolder.appendingPathComponent(name))
            let actual = try? Data(contentsOf: remoteFolder.appendingPathComponent(name))
            #expect(actual == expected, "\(name)")
        }
        // Every request went through nginx (one access log line each, requests sent again included).
        #expect(nginx.accessLog.split(separator: "\n").count >= 20)
    }
}
