import Foundation
import GRDB
import MynaAudioFile
import MynaCore
import MynaTestSupport
import Testing

/// `myna embed | enroll | verify | identify | speakers …` as a user runs them, through the built binary, each test on
/// its own database in a temporary folder.
@Suite struct SpeakerCommandTests {

    /// A temporary folder with `speakers.sqlite` in it, and `myna` run against it.
    struct Session {
        let folder: URL
        var db: String { folder.appendingPathComponent("speakers.sqlite").path }

        init() throws { folder = try Fixtures.makeTemporaryDirectory() }

        func myna(_ arguments: [String], user: String? = nil) throws -> CommandResult {
            // Every command but embed and evaluate takes --db.
            let full = arguments.first == "embed" || arguments.contains("evaluate") ? arguments : arguments + ["--db", db]
            if let user { return try MynaExecutable.runAs(user: user, full) }
            return try MynaExecutable.run(full, environment: ["XDG_DATA_HOME": folder.appendingPathComponent("xdg").path])
        }

        func remove() { try? FileManager.default.removeItem(at: folder) }
    }

    static func json(_ result: CommandResult) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any],
                     "not a JSON object: \(result.standardOutput)")
    }

    /// The default path (non-speech trimmed by Silero VAD) from enrolment to export and import.
    @Test func enrollVerifyIdentifyAndManage() throws {
        let session = try Session()
        defer { session.remove() }
        var result = try session.myna(["enroll", "alice"] + SpeakerClips.alice)
        #expect(result.exitCode == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("enrolled alice: 2 recordings") && result.standardOutput.contains("new speaker"))
        result = try session.myna(["enroll", "--json", "bob", SpeakerClips.bob])
        #expect(result.exitCode == 0, "\(result.standardError)")
        let enrolled = try Self.json(result)
        #expect(enrolled["speaker"] as? String == "bob" && enrolled["created"] as? Bool == true && enrolled["recordings"] as? Int == 1)

        // verify: exit 0 and "accept" for the right speaker, exit 1 and "reject" for someone else; score, threshold,
        // probability printed.
        result = try session.myna(["verify", "alice", SpeakerClips.aliceTest])
        #expect(result.exitCode == 0, "\(result.standardError)")
        #expect(result.standardOutput.hasPrefix("accept: ") && result.standardOutput.contains("threshold 0.")
                && result.standardOutput.contains("probability"))
        result = try session.myna(["verify", "--json", "alice", SpeakerClips.bobTest])
        #expect(result.exitCode == 1)
        let verdict = try Self.json(result)
        let score = try #require(verdict["score"] as? Double), threshold = try #require(verdict["threshold"] as? Double)
        #expect(verdict["accepted"] as? Bool == false && score < threshold && (verdict["probability"] as? Double ?? 1) < 0.5)
        // An explicit threshold decides.
        result = try session.myna(["verify", "--threshold", "0.1", "alice", SpeakerClips.bobTest])
        #expect(result.exitCode == 0 && result.standardOutput.hasPrefix("accept: "))

        // identify: the right speaker first; "unknown" (exit 1) for a stranger.
        result = try session.myna(["identify", "--json", SpeakerClips.bobTest])
        #expect(result.exitCode == 0, "\(result.standardError)")
        let identified = try Self.json(result)
        #expect(identified["speaker"] as? String == "bob" && identified["identified"] as? Bool == true)
        #expect((identified["matches"] as? [[String: Any]])?.map { $0["speaker"] as? String } == ["bob", "alice"])
        result = try session.myna(["identify", SpeakerClips.stranger])
        #expect(result.exitCode == 1)
        #expect(result.standardOutput.contains("identified: unknown"))

        // Enrolling more updates the profile.
        result = try session.myna(["enroll", "--json", "Alice", SpeakerClips.aliceTest])
        let more = try Self.json(result)
        #expect(more["created"] as? Bool == false && more["recordings"] as? Int == 3 && (more["profileChange"] as? Double ?? 1) < 1)

        // list, show, rename, remove.
        result = try session.myna(["speakers", "list", "--json"])
        let listed = try #require(try Self.json(result)["speakers"] as? [[String: Any]])
        #expect(listed.map { $0["name"] as? String } == ["alice", "bob"] && listed.map { $0["utteranceCount"] as? Int } == [3, 1])
        result = try session.myna(["speakers", "show", "alice"])
        #expect(result.exitCode == 0 && result.standardOutput.contains("spk-rz-2609-156975-0003.flac")
                && result.standardOutput.contains("pretrained.pt"))
        result = try session.myna(["speakers", "show", "--json", "--embeddings", "alice"])
        #expect((try Self.json(result)["profile"] as? [Double])?.count == 256)
        #expect(try session.myna(["speakers", "rename", "bob", "Robert"]).exitCode == 0)
        #expect(try session.myna(["speakers", "rename", "alice", "robert"]).exitCode == 5)
        result = try session.myna(["speakers", "remove", "Robert"])
        #expect(result.exitCode == 0 && result.standardOutput.contains("removed Robert (1 recording)"))
        result = try session.myna(["speakers", "list"])
        #expect(result.standardOutput.contains("alice") && !result.standardOutput.contains("Robert"))

        // export → import into another database gives the same speakers.
        let exported = session.folder.appendingPathComponent("speakers.json").path
        #expect(try session.myna(["speakers", "export", "-o", exported]).exitCode == 0)
        let other = session.folder.appendingPathComponent("copy.sqlite").path
        result = try MynaExecutable.run(["speakers", "import", "--db", other, exported])
        #expect(result.exitCode == 0 && result.standardOutput.contains("imported 1 speaker"), "\(result.standardError)")
        result = try MynaExecutable.run(["speakers", "import", "--db", other, exported])
        #expect(result.exitCode == 5 && result.standardError.contains("--replace"))
        result = try MynaExecutable.run(["verify", "--db", other, "alice", SpeakerClips.aliceTest])
        #expect(result.exitCode == 0, "\(result.standardError)")
    }

    /// `myna embed --json --no-trim` prints Resemblyzer's embedding (scripts/goldens/ge2e_goldens.py).
    @Test func embedPrintsResemblyzersVector() throws {
        let session = try Session()
        defer { session.remove() }
        let expected = try Self.goldenEmbedding("clip_spk-rz-2609-156975-0006")
        let clip = Fixtures.shared("speaker/dev/spk-rz-2609-156975-0006.flac")
        var result = try session.myna(["embed", "--json", "--no-trim", clip])
        #expect(result.exitCode == 0, "\(result.standardError)")
        let values = try #require(try Self.json(result)["embedding"] as? [Double]).map { Float($0) }
        assertClose(values, expected, atol: 1e-5)

        let npy = session.folder.appendingPathComponent("e.npy").path
        result = try session.myna(["embed", "--no-trim", "--npy", npy, clip, SpeakerClips.aliceTest])
        #expect(result.exitCode == 0, "\(result.standardError)")
        let lines = result.standardOutput.split(separator: "\n")
        #expect(lines.count == 2 && lines[0].hasPrefix(clip + "\t") && lines[0].split(separator: " ").count == 256)
        let data = try Data(contentsOf: URL(fileURLWithPath: npy))
        #expect(data.count == 128 + 2 * 256 * 4 && String(decoding: data[8..<80], as: UTF8.self).contains("'shape': (2, 256)"))
    }

    /// A Resemblyzer embedding from Tests/MynaSpeakersTests/Golden/ge2e_goldens.{json,bin} (GoldenTensorFile layout).
    static func goldenEmbedding(_ name: String) throws -> [Float] {
        let folder = Fixtures.repositoryRoot.appendingPathComponent("Tests/MynaSpeakersTests/Golden")
        let index = try JSONDecoder().decode(GoldenTensorFile.Index.self,
                                             from: Data(contentsOf: folder.appendingPathComponent("ge2e_goldens.json")))
        let entry = try #require(index.cases[name]?.tensors["embedding"])
        let data = try Data(contentsOf: folder.appendingPathComponent("ge2e_goldens.bin"))
        return data.withUnsafeBytes { raw in
            (0..<256).map { Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: (entry.offset + $0) * 4, as: UInt32.self))) }
        }
    }

    @Test func badAudioAndNamesHaveClearErrorsAndExitCodes() throws {
        let session = try Session()
        defer { session.remove() }
        // Too little speech: asks for more, exit 2, nothing enrolled.
        var result = try session.myna(["enroll", "--no-trim", "george", SpeakerClips.short])
        #expect(result.exitCode == 2)
        #expect(result.standardError.hasPrefix("myna: error: \(SpeakerClips.short): only 0.30 s of speech") && result.standardError.contains("longer recording"))
        // Silence only.
        let silence = session.folder.appendingPathComponent("silence.wav").path
        let writer = try SoundFileWriter(path: silence, format: AudioFormat(sampleRate: 16_000, channelCount: 1), encoding: .wav16)
        try writer.writeFrames(AudioBuffer(mono: [Float](repeating: 0, count: 48_000), sampleRate: 16_000))
        try writer.finishWriting()
        result = try session.myna(["enroll", "--no-trim", "quiet", silence])
        #expect(result.exitCode == 2 && result.standardError.contains("silence only"), "\(result.standardError)")
        // A missing file fails the whole enrolment: nothing is stored.
        result = try session.myna(["enroll", "--no-trim", "alice", SpeakerClips.alice[0], session.folder.appendingPathComponent("missing.flac").path])
        #expect(result.exitCode == 2 && result.standardError.contains("missing.flac"))
        result = try session.myna(["speakers", "list", "--json"])
        #expect((try Self.json(result)["speakers"] as? [Any])?.isEmpty == true)

        // Unknown names: exit 4, before any model is loaded.
        result = try session.myna(["verify", "--no-trim", "nobody", SpeakerClips.aliceTest])
        #expect(result.exitCode == 4 && result.standardError.contains("no speaker named \"nobody\""))
        #expect(try session.myna(["identify", "--no-trim", SpeakerClips.aliceTest]).exitCode == 4)
        #expect(try session.myna(["enroll", "--no-trim", "alice", SpeakerClips.alice[0]]).exitCode == 0)
        for arguments in [["verify", "--no-trim", "nobody", SpeakerClips.aliceTest], ["speakers", "show", "nobody"],
                          ["speakers", "remove", "nobody"], ["speakers", "rename", "nobody", "x"]] {
            result = try session.myna(arguments)
            #expect(result.exitCode == 4, "\(arguments)")
            #expect(result.standardError.contains("no speaker named \"nobody\" (enrolled: alice)"), "\(arguments)")
        }
        // Duplicate enrolment of the same file (for anyone): exit 5, the profile unchanged.
        result = try session.myna(["enroll", "--no-trim", "alice", SpeakerClips.alice[0]])
        #expect(result.exitCode == 5 && result.standardError.contains("already enrolled for \"alice\""))
        result = try session.myna(["enroll", "--no-trim", "mallory", SpeakerClips.alice[0]])
        #expect(result.exitCode == 5)
        result = try session.myna(["speakers", "list", "--json"])
        #expect((try Self.json(result)["speakers"] as? [[String: Any]])?.map { $0["utteranceCount"] as? Int } == [1])
        // Reserved and malformed names: exit 2.
        #expect(try session.myna(["enroll", "--no-trim", "unknown", SpeakerClips.bob]).exitCode == 2)
        // Another encoder's checkpoint path that does not exist.
        result = try session.myna(["verify", "--no-trim", "--encoder", "/nonexistent/ge2e.pt", "alice", SpeakerClips.aliceTest])
        #expect(result.exitCode == 2 && result.standardError.contains("/nonexistent/ge2e.pt"))
    }

    @Test func unusableDatabasesHaveClearErrors() throws {
        let session = try Session()
        defer { session.remove() }
        // Corrupt: exit 6 naming the file, for reading and for writing.
        try Data(repeating: 0x5A, count: 8192).write(to: URL(fileURLWithPath: session.db))
        for arguments in [["speakers", "list"], ["enroll", "--no-trim", "alice", SpeakerClips.alice[0]]] {
            let result = try session.myna(arguments)
            #expect(result.exitCode == 6, "\(arguments): \(result.standardError)")
            #expect(result.standardError.hasPrefix("myna: error: \(session.db): not a usable speaker database"))
        }
        try FileManager.default.removeItem(atPath: session.db)

        // Locked by another process's write transaction: exit 7 after --db-timeout.
        #expect(try session.myna(["enroll", "--no-trim", "alice", SpeakerClips.alice[0]]).exitCode == 0)
        let holder = try DatabaseQueue(path: session.db)
        try holder.writeWithoutTransaction { db in
            try db.execute(sql: "BEGIN EXCLUSIVE TRANSACTION")
            let result = try session.myna(["enroll", "--no-trim", "--db-timeout", "0.2", "bob", SpeakerClips.bob])
            #expect(result.exitCode == 7, "\(result.standardError)")
            #expect(result.standardError.contains("locked by another process"))
            try db.execute(sql: "ROLLBACK")
        }
        try holder.close()

        // Read-only: readable, but changes fail with exit 6 and nothing changes. Root writes any file, so as root
        // the commands run as nobody (setpriv); otherwise the file is made read-only.
        let user: String?
        if getuid() == 0 {
            user = "nobody"
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: session.folder.path)
        } else {
            user = nil
            try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: session.db)
        }
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: session.db) }
        var result = try session.myna(["speakers", "list", "--json"], user: user)
        #expect(result.exitCode == 0, "\(result.standardError)")
        result = try session.myna(["enroll", "--no-trim", "bob", SpeakerClips.bob], user: user)
        #expect(result.exitCode == 6 && result.standardError.contains("cannot be written"), "\(result.standardError)")
        result = try session.myna(["speakers", "remove", "alice"], user: user)
        #expect(result.exitCode == 6)
        #expect(try session.myna(["speakers", "list"]).standardOutput.contains("alice"))
    }

    /// Two processes enrolling into one database at the same time: both succeed.
    @Test func concurrentProcessesShareTheDatabase() throws {
        let session = try Session()
        defer { session.remove() }
        let group = DispatchGroup()
        nonisolated(unsafe) var results: [CommandResult?] = [nil, nil]
        for (index, (name, file)) in [("alice", SpeakerClips.alice[0]), ("bob", SpeakerClips.bob)].enumerated() {
            group.enter()
            DispatchQueue.global().async {
                results[index] = try? session.myna(["enroll", "--no-trim", name, file])
                group.leave()
            }
        }
        group.wait()
        for result in results { #expect(result?.exitCode == 0, "\(result?.standardError ?? "did not run")") }
        let listed = try Self.json(try session.myna(["speakers", "list", "--json"]))["speakers"] as? [[String: Any]]
        #expect(listed?.map { $0["name"] as? String } == ["alice", "bob"])
    }

    /// `speakers evaluate` on a small labelled set: the trial counts follow SpeakerTrials' rule (metrics themselves are
    /// checked against scikit-learn in MynaSpeakersTests).
    @Test func evaluateCountsTrials() throws {
        let session = try Session()
        defer { session.remove() }
        let manifest = session.folder.appendingPathComponent("set.tsv")
        let rows = [("a1", SpeakerClips.alice[0], "alice"), ("a2", SpeakerClips.alice[1], "alice"), ("a3", SpeakerClips.aliceTest, "alice"),
                    ("b1", SpeakerClips.bob, "bob"), ("b2", SpeakerClips.bobTest, "bob"), ("s1", SpeakerClips.stranger, "stranger")]
        try ("id\tfile\tseconds\tspeaker\tsource\n" + rows.map { "\($0.0)\t\($0.1)\t0\t\($0.2)\tx\n" }.joined())
            .write(to: manifest, atomically: true, encoding: .utf8)
        var result = try session.myna(["speakers", "evaluate", "--no-trim", "--json", manifest.path])
        #expect(result.exitCode == 0, "\(result.standardError)")
        let report = try Self.json(result)
        // 5 target trials (3 + 2); impostors: alice's profile × 3 others, bob's × 4 others.
        #expect(report["targetTrials"] as? Int == 5 && report["impostorTrials"] as? Int == 7)
        #expect(report["enrolledSpeakers"] as? Int == 2 && report["speakers"] as? Int == 3)
        #expect(report["eer"] as? Double == 0, "these voices are far apart")
        #expect(report["pTarget"] as? Double == 0.05)
        result = try session.myna(["speakers", "evaluate", "--no-trim", manifest.path])
        #expect(result.standardOutput.contains("trials      5 target, 7 impostor") && result.standardOutput.contains("EER"))

        // A manifest without a speaker column, or with one speaker only.
        try "id\tfile\n".write(to: manifest, atomically: true, encoding: .utf8)
        result = try session.myna(["speakers", "evaluate", "--no-trim", manifest.path])
        #expect(result.exitCode == 2 && result.standardError.contains("no 'speaker' column"))
    }
}

extension MynaExecutable {
    /// Runs `myna` as another user (setpriv), for permission tests when the tests run as root.
    static func runAs(user: String, _ arguments: [String]) throws -> CommandResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
        let ids = user == "nobody" ? ["--reuid=65534", "--regid=65534"] : ["--reuid=\(user)", "--regid=\(user)"]
        process.arguments = ids + ["--clear-groups", url.path] + arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.environment = ["PATH": "/usr/bin:/bin", "HOME": "/nonexistent", "MYNA_MODELS_DIR": Fixtures.models.path]
        try process.run()
        let output = out.fileHandleForReading.readDataToEndOfFile(), error = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CommandResult(exitCode: process.terminationStatus, standardOutput: String(decoding: output, as: UTF8.self),
                             standardError: String(decoding: error, as: UTF8.self))
    }
}
