import Foundation
import MynaCore
import MynaKit
import MynaSpeakerRegistry
import MynaTestSupport
import Testing

/// `SpeakerService`'s decisions in process: the same as `myna verify | identify --json` on the same files and database,
/// on SQLite and on an in-memory store alike.
@Suite struct SpeakerServiceTests {

    static let models = ModelsDirectory.locate(explicitPath: Fixtures.models.path)
    /// The default pipeline (installed encoder, non-speech trimmed), loaded once for every test.
    static let pipeline = Result { try SpeakerEncoderConfiguration(modelsDirectory: models).loadPipeline() }

    static func json(_ result: CommandResult) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any],
                     "not a JSON object: \(result.standardOutput) \(result.standardError)")
    }

    /// Scores as the CLI prints them (shortest round-trip JSON) and as the library computes them.
    static func same(_ cli: Any?, _ library: Double) -> Bool {
        guard let cli = cli as? Double else { return false }
        return abs(cli - library) <= 1e-12
    }

    /// Enrol through the library into SQLite; the binary lists them, and its verify/identify decisions on the same
    /// database and files equal the library's.
    @Test func decisionsEqualTheCLIs() throws {
        let folder = try Fixtures.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = folder.appendingPathComponent("speakers.sqlite").path
        let service = SpeakerService(store: try SpeakerRegistry(path: db), pipeline: try Self.pipeline.get())
        let alice = try service.enroll(name: "alice", files: SpeakerClips.alice)
        #expect(alice.result.created && alice.result.addedUtterances == 2 && alice.location == db)
        #expect(alice.addedSpeechSeconds > 1 && alice.embeddings.map(\.path) == SpeakerClips.alice)
        _ = try service.enroll(name: "bob", files: [SpeakerClips.bob])

        let listed = try MynaExecutable.run(["speakers", "list", "--json", "--db", db])
        #expect(listed.exitCode == 0, "\(listed.standardError)")
        let speakers = try #require(try Self.json(listed)["speakers"] as? [[String: Any]])
        #expect(speakers.map { $0["name"] as? String } == ["alice", "bob"] && speakers.map { $0["utteranceCount"] as? Int } == [2, 1])

        var outcomes: Set<Bool> = []
        for file in [SpeakerClips.aliceTest, SpeakerClips.bobTest, SpeakerClips.stranger] {
            for threshold in [nil, 0.1] as [Double?] {
                let verdict = try service.verify(name: "alice", file: file, threshold: threshold)
                let result = try MynaExecutable.run(["verify", "--json", "alice", file, "--db", db]
                                                    + (threshold.map { ["--threshold", "\($0)"] } ?? []))
                #expect(result.exitCode == (verdict.accepted ? 0 : 1), "\(result.standardError)")
                let cli = try Self.json(result)
                #expect(cli["speaker"] as? String == verdict.speaker && cli["accepted"] as? Bool == verdict.accepted)
                #expect(Self.same(cli["score"], verdict.score) && Self.same(cli["threshold"], verdict.threshold))
                let probability = try #require(verdict.probability)
                #expect(Self.same(cli["probability"], probability))
                #expect(Self.same(cli["speechSeconds"], verdict.speechSeconds))
                outcomes.insert(verdict.accepted)
            }

            let identified = try service.identify(file: file, top: 3)
            let result = try MynaExecutable.run(["identify", "--json", file, "--db", db])
            #expect(result.exitCode == (identified.identified ? 0 : 1), "\(result.standardError)")
            let cli = try Self.json(result)
            #expect(cli["speaker"] as? String == identified.speakerOrUnknown && cli["identified"] as? Bool == identified.identified)
            #expect(Self.same(cli["threshold"], identified.threshold))
            let matches = try #require(cli["matches"] as? [[String: Any]])
            #expect(matches.map { $0["speaker"] as? String } == identified.matches.map(\.speaker))
            for (printed, match) in zip(matches, identified.matches) {
                let probability = try #require(match.probability)
                #expect(Self.same(printed["score"], match.score) && Self.same(printed["probability"], probability))
            }
        }
        // The files exercise both answers.
        #expect(outcomes == [true, false])
        #expect(try service.identify(file: SpeakerClips.bobTest).speaker == "bob")
        #expect(try service.identify(file: SpeakerClips.stranger).speaker == nil)
    }

    /// The service on a store that is not SQLite: same decisions as on the registry, and the store's errors pass through.
    @Test func decisionsOnAnInMemoryStore() throws {
        let pipeline = try Self.pipeline.get()
        let store = InMemorySpeakerStore()
        let service = SpeakerService(store: store, pipeline: pipeline)
        let enrolled = try service.enroll(name: "alice", files: SpeakerClips.alice)
        #expect(enrolled.result.created && enrolled.result.speaker.utteranceCount == 2 && enrolled.location == "memory")
        _ = try service.enroll(name: "bob", files: [SpeakerClips.bob])

        let accepted = try service.verify(name: "Alice", file: SpeakerClips.aliceTest)
        #expect(accepted.accepted && accepted.speaker == "alice" && accepted.score >= accepted.threshold)
        #expect(accepted.threshold == pipeline.calibration?.threshold && (accepted.probability ?? 0) > 0.5)
        let rejected = try service.verify(name: "alice", file: SpeakerClips.bobTest)
        #expect(!rejected.accepted && rejected.score < rejected.threshold)
        #expect(try service.verify(name: "alice", file: SpeakerClips.bobTest, threshold: 0.1).accepted)

        let bob = try service.identify(file: SpeakerClips.bobTest)
        #expect(bob.speaker == "bob" && bob.matches.map(\.speaker) == ["bob", "alice"] && bob.skippedSpeakers.isEmpty)
        #expect(try service.identify(file: SpeakerClips.bobTest, top: 1).matches.map(\.speaker) == ["bob"])
        let stranger = try service.identify(file: SpeakerClips.stranger)
        #expect(stranger.speaker == nil && stranger.speakerOrUnknown == "unknown" && stranger.best.score < stranger.threshold)

        // The same enrolment in SQLite gives the same scores.
        let folder = try Fixtures.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let sqlite = SpeakerService(store: try SpeakerRegistry(path: folder.appendingPathComponent("s.sqlite").path), pipeline: pipeline)
        _ = try sqlite.enroll(name: "alice", files: SpeakerClips.alice)
        #expect(try sqlite.verify(name: "alice", file: SpeakerClips.aliceTest).score == accepted.score)

        // Errors of the store and of the decision.
        #expect(Self.code { _ = try service.enroll(name: "carol", files: [SpeakerClips.bob]) } == .duplicateUtterance)
        #expect(Self.code { _ = try service.verify(name: "carol", file: SpeakerClips.aliceTest) } == .unknownSpeaker)
        #expect(Self.code { _ = try service.enroll(name: "unknown", files: [SpeakerClips.stranger]) } == .invalidName)
        store.plant("dave", encoderModelID: "another-encoder", utterances: [enrolled.embeddings[0].enrolment])
        #expect(Self.code { _ = try service.verify(name: "dave", file: SpeakerClips.aliceTest) } == .encoderMismatch)
        #expect(try service.identify(file: SpeakerClips.bobTest).skippedSpeakers == ["dave"])
        #expect(throws: ConfigurationError.self) { try service.verify(name: "alice", file: SpeakerClips.aliceTest, threshold: 1.5) }
        #expect(throws: ConfigurationError.self) { try service.identify(file: SpeakerClips.aliceTest, top: 0) }
    }

    /// Uploads in memory: enrolling, verifying and identifying from a file's bytes gives what the file gives (same
    /// pipeline, same process), the digest is the file's, and the same bytes cannot be enrolled twice.
    @Test func bytesInMemoryDecideAsTheirFiles() throws {
        let pipeline = try Self.pipeline.get()
        let service = SpeakerService(store: InMemorySpeakerStore(), pipeline: pipeline)
        func upload(_ path: String) throws -> AudioInput {
            .encoded(try Data(contentsOf: URL(fileURLWithPath: path)), name: URL(fileURLWithPath: path).lastPathComponent)
        }
        let enrolled = try service.enroll(name: "alice", inputs: SpeakerClips.alice.map(upload))
        let fromFiles = try pipeline.embed(files: SpeakerClips.alice).map { try $0.get() }
        #expect(enrolled.embeddings.map(\.audioSHA256) == fromFiles.map(\.audioSHA256))
        #expect(enrolled.embeddings.map(\.path) == SpeakerClips.alice.map { URL(fileURLWithPath: $0).lastPathComponent })
        for (memory, file) in zip(enrolled.embeddings, fromFiles) {
            #expect(zip(memory.utterance.embedding.values, file.utterance.embedding.values).allSatisfy { abs($0 - $1) <= 1e-6 })
        }
        let fromBytes = try service.verify(name: "alice", input: upload(SpeakerClips.aliceTest))
        let fromFile = try service.verify(name: "alice", file: SpeakerClips.aliceTest)
        #expect(fromBytes.accepted == fromFile.accepted && abs(fromBytes.score - fromFile.score) <= 1e-6)
        #expect(try service.identify(input: upload(SpeakerClips.bobTest)).speaker == nil)
        #expect(Self.code { _ = try service.enroll(name: "carol", inputs: [try upload(SpeakerClips.alice[0])]) } == .duplicateUtterance)
        // Bytes that are not audio: the upload's name in a one-line error.
        let junk = AudioInput.encoded(Data("not audio".utf8), name: "notes.txt")
        let error = try #require(throws: AudioIOError.self) { try service.verify(name: "alice", input: junk) }
        #expect(error.location == "notes.txt")
    }

    /// A lookup that fails does so before any model is read: here the models folder does not even exist.
    @Test func unknownSpeakerFailsBeforeLoadingTheEncoder() throws {
        let nowhere = ModelsDirectory.locate(explicitPath: "/nonexistent/myna-models")
        let service = SpeakerService(store: EmptySpeakerStore(location: "none.sqlite"),
                                     encoder: SpeakerEncoderConfiguration(modelsDirectory: nowhere))
        #expect(Self.code { _ = try service.verify(name: "alice", file: SpeakerClips.aliceTest) } == .unknownSpeaker)
        #expect(Self.code { _ = try service.identify(file: SpeakerClips.aliceTest) } == .unknownSpeaker)
        #expect(throws: ConfigurationError.self) { try service.embed(file: SpeakerClips.aliceTest) }
    }

    static func code(_ body: () throws -> Void) -> SpeakerRegistryError.Code? {
        do { try body(); return nil } catch { return (error as? SpeakerRegistryError)?.code }
    }
}
