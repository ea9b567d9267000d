import Foundation
import MynaTestSupport
import Testing

/// A bounded load over loopback, small enough for CI (issue 19; the full run, a 10-minute file and 64 clips from 8
/// clients with the release build, is `bench/run serve_load`): `myna serve` with a small gate, one 52 s recording
/// and ten short clips from four clients at once (bench/servelib.py, standard library only). Every request must be
/// answered 200 or 429 (a full queue), never 500 or a dropped connection; the long file must finish;
/// the server's peak RSS must stay under a bound. Timings are the benchmark's business, not asserted here.
///
/// Off unless `MYNA_SERVE_LOAD_TEST=1`: on this 2-core machine shared with three builds, the debug server took 170 s
/// for it (ten clips and the 52 s file; peak RSS 332 MB), above the ~60 s CI can spare; to be enabled in CI once
/// measured on an idle runner.
@Suite(.serialized, .enabled(if: ProcessInfo.processInfo.environment["MYNA_SERVE_LOAD_TEST"] == "1"))
struct ServerLoadTests {
    /// The server's peak RSS may not pass this: Whisper tiny.en and Silero (about 200 MB resident) plus what five
    /// admitted requests hold (uploads of at most 2 MB here, streamed decoding state): far below it unless memory
    /// grows with the load.
    static let peakRSSBoundMB = 1024

    @Test func shortClipsAndALongFileFromFourClientsAreAllAnswered() throws {
        let table = try String(contentsOfFile: Fixtures.shared("asr/dev.tsv"), encoding: .utf8)
        let shorts = table.split(separator: "\n").dropFirst().prefix(10).map {
            Fixtures.shared("asr/" + String($0.split(separator: "\t")[1]))
        }
        let long = Fixtures.shared("longform/long-mfa-michaelandsickmichael.flac")
        // Four admitted and one waiting: room for the five requests that can be in flight at once, so every answer
        // should be 200 whatever order they arrive in (no head start, no clock); 429 stays allowed, 500 never.
        let server = try ServerProcess(["--max-concurrent", "4", "--max-queue", "1"])
        let client = Fixtures.repositoryRoot.appendingPathComponent("bench/servelib.py").path
        let run = try ChildProcess.run(URL(fileURLWithPath: "/usr/bin/env"),
                                       ["python3", client, "load", "\(server.port)", "4", "0", long] + shorts,
                                       environment: ProcessInfo.processInfo.environment)
        let peakMB = Self.peakRSSMB(of: server.process.processIdentifier)
        let status = server.stop()
        #expect(run.exitCode == 0, "\(run.standardError)")
        #expect(status == 0, "myna serve exited \(status): \(server.standardError)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [String: Any],
                                  "\(run.standardOutput) \(run.standardError)")
        let longStatus = (report["long"] as? [String: Any])?["status"] as? Int
        let shortStatuses = (report["short"] as? [[String: Any]] ?? []).compactMap { $0["status"] as? Int }
        #expect(longStatus == 200, "\(report["long"] ?? "")")
        #expect(shortStatuses.count == shorts.count)
        #expect(shortStatuses.allSatisfy { $0 == 200 || $0 == 429 }, "\(shortStatuses)")
        #expect(shortStatuses.contains(200), "\(shortStatuses)")
        let peak = try #require(peakMB)
        #expect(peak < Self.peakRSSBoundMB, "peak RSS \(peak) MB")
    }

    /// VmHWM of a running process, in MB.
    static func peakRSSMB(of pid: Int32) -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let kiB = Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") else { return nil }
        return kiB / 1024
    }
}
