import Foundation
import GRDB
import MynaCore
@testable import MynaSpeakerRegistry
import MynaTestSupport
import Testing

@Suite struct SpeakerRegistryTests {
    @Test func enrolmentCreatesAndUpdatesTheProfile() throws {
        let fixture = try RegistryFixture()
        defer { fixture.remove() }
        let registry = try fixture.open()
        let first = try registry.enroll(name: "Alice", encoder: RegistryFixture.encoder,
                                        utterances: [RegistryFixture.utterance(1), RegistryFixture.utterance(2)])
        #expect(first.created && first.addedUtterances == 2 && first.profileChange == nil)
        #expect(first.speaker.utteranceCount == 2 && abs(first.speaker.speechSeconds - 8.0) < 1e-9)
        let second = try registry.enroll(name: "alice", encoder: RegistryFixture.encoder, utterances: [RegistryFixture.utterance(3)])
        #expect(!second.created && second.speaker.name == "Alice" && second.speaker.utteranceCount == 3)
        #expect(second.profileChange! < 1)

        // The profile is the normalised mean of the three utterance embeddings.
        let expected = SpeakerEmbedding.mean((1...3).map(RegistryFixture.embedding))!
        let details = try registry.speaker(named: "ALICE")
        assertClose(details.profile.values, expected.values, atol: 1e-6)
        #expect(details.utterances.map(\.sourceName) == ["clip1.flac", "clip2.flac", "clip3.flac"])
        #expect(details.encoderFileName == "pretrained.pt")
        assertClose(details.utterances[1].embedding.values, RegistryFixture.embedding(2).values, atol: 0)
        #expect(try registry.profiles().map(\.name) == ["Alice"])
    }

    @Test func duplicatesUnknownNamesAndEncoderMismatchChangeNothing() throws {
        let fixture = try RegistryFixture()
        defer { fixture.remove() }
        let registry = try fixture.open()
        try registry.enroll(name: "alice", encoder: RegistryFixture.encoder, utterances: [RegistryFixture.utterance(1)])
        try registry.enroll(name: "bob", encoder: RegistryFixture.encoder, utterances: [RegistryFixture.utterance(2)])
        func code(_ body: () throws -> Void) -> SpeakerRegistryError.Code? {
            do { try body(); return nil } catch { return (error as? SpeakerRegistryError)?.code }
        }
        // The same recording again, for the same or another speaker, or twice in one enrolment.
        #expect(code { try registry.enroll(name: "alice", encoder: RegistryFixture.encoder, utterances: [RegistryFixture.utterance(1)]) } == .duplicateUtterance)
        #expect(code { try registry.enroll(name: "carol", encoder: RegistryFixture.encoder,
                                           utterances: [RegistryFixture.utterance(5), RegistryFixture.utterance(2)]) } == .duplicateUtterance)
        #expect(code { try registry.enroll(name: "carol", encoder: RegistryFixture.encoder,
                                           utterances: [RegistryFixture.utterance(6), RegistryFixture.utterance(6, name: "copy.flac")]) } == .duplicateUtterance)
        #expect(code { try registry.enroll(name: "alice", encoder: RegistryFixture.otherEncoder, utterances: [RegistryFixture.utterance(7)]) } == .encoderMismatch)
        #expect(code { _ = try registry.speaker(named: "dave") } == .unknownSpeaker)
        #expect(code { try registry.remove(name: "dave") } == .unknownSpeaker)
        #expect(code { try registry.rename("alice", to: "Bob") } == .speakerExists)
        for bad in ["", " alice", "unknown", "-x", "a\tb", String(repeating: "x", count: 101)] {
            #expect(code { try registry.enroll(name: bad, encoder: RegistryFixture.encoder, utterances: [RegistryFixture.utterance(9)]) } == .invalidName, "\(bad)")
        }
        #expect(try registry.speakers().map(\.name) == ["alice", "bob"])
        #expect(try registry.speakers().map(\.utteranceCount) == [1, 1])

        do {
            _ = try registry.speaker(named: "dave")
        } catch {
            #expect("\(error)".contains("no speaker named \"dave\" (enrolled: alice, bob)"))
        }
        try registry.rename("alice", to: "Alice Smith")
        try registry.rename("bob", to: "BOB")  // a change of case only
        #expect(try registry.speakers().map(\.name) == ["Alice Smith", "BOB"])
        #expect(try registry.remove(name: "bob").name == "BOB")
        #expect(try registry.speakers().map(\.name) == ["Alice Smith"])
        // Removing a speaker removed their utterances: the recording can be enrolled again.
        try registry.enroll(name: "carol", encoder: RegistryFixture.encoder, utterances: [RegistryFixture.utterance(2)])
    }

    /// Several openers of one new database at the same moment (as several `myna enroll` processes): every one gets
    /// a usable registry, the schema is created once, and each enrolment lands. Without the opening lock, SQLite's
    /// switch to WAL mode made one of them fail at once with "database is locked".
    @Test func concurrentOpenersOfANewDatabaseAllSucceed() throws {
        for _ in 0..<10 {
            let fixture = try RegistryFixture()
            defer { fixture.remove() }
            let openers = 6
            nonisolated(unsafe) var failures: [String] = []
            let lock = NSLock()
            DispatchQueue.concurrentPerform(iterations: openers) { index in
                do {
                    let registry = try fixture.open()
                    _ = try registry.enroll(name: "speaker\(index)", encoder: RegistryFixture.encoder,
                                            utterances: [RegistryFixture.utterance(index + 1)])
                } catch {
                    lock.withLock { failures.append("\(error)") }
                }
            }
            #expect(failures.isEmpty, "\(failures)")
            #expect(try fixture.open().profiles().count == openers)
        }
    }

    /// Create-only enrolments of one new name at the same moment, from separate openers (as two server requests or
    /// two processes): exactly one creates the speaker, every other is `.speakerExists` and writes nothing (the check
    /// is inside the write transaction, not before it); a create-only enrolment of a taken name (any case) changes
    /// nothing.
    @Test func createOnlyEnrolmentsOfOneNameCreateItOnce() throws {
        for _ in 0..<5 {
            let fixture = try RegistryFixture()
            defer { fixture.remove() }
            _ = try fixture.open()
            let openers = 6
            nonisolated(unsafe) var outcomes: [Result<EnrolmentResult, SpeakerRegistryError>] = []
            nonisolated(unsafe) var others: [String] = []
            let lock = NSLock()
            DispatchQueue.concurrentPerform(iterations: openers) { index in
                do {
                    let result = try fixture.open().enroll(name: "carol", encoder: RegistryFixture.encoder,
                                                           utterances: [RegistryFixture.utterance(index + 1)], mode: .createOnly)
                    lock.withLock { outcomes.append(.success(result)) }
                } catch let error as SpeakerRegistryError {
                    lock.withLock { outcomes.append(.failure(error)) }
                } catch {
                    lock.withLock { others.append("\(error)") }
                }
            }
            #expect(others.isEmpty, "\(others)")
            let created = outcomes.compactMap { try? $0.get() }
            #expect(created.count == 1 && created.first?.created == true)
            let refusals: [SpeakerRegistryError.Code] = outcomes.compactMap {
                if case .failure(let error) = $0 { error.code } else { nil }
            }
            #expect(refusals == Array(repeating: SpeakerRegistryError.Code.speakerExists, count: openers - 1))
            let registry = try fixture.open()
            #expect(try registry.speaker(named: "carol").utterances.count == 1)
            #expect(throws: SpeakerRegistryError.self) {
                try registry.enroll(name: "CAROL", encoder: RegistryFixture.encoder,
                                    utterances: [RegistryFixture.utterance(40)], mode: .createOnly)
            }
            #expect(try registry.speaker(named: "carol").utterances.count == 1)
            // Without create-only, the same enrolment adds to the speaker, as `myna enroll` does.
            #expect(try registry.enroll(name: "CAROL", encoder: RegistryFixture.encoder,
                                        utterances: [RegistryFixture.utterance(40)]).created == false)
        }
    }

    /// Each enrolment is one transaction: a failure after some utterance rows were written leaves nothing behind.
    @Test func failedEnrolmentLeavesNoTrace() throws {
        struct Injected: Error {}
        let fixture = try RegistryFixture()
        defer { fixture.remove() }
        let registry = try fixture.open()
        try registry.enroll(name: "alice", encoder: RegistryFixture.encoder, utterances: [RegistryFixture.utterance(1)])
        let before = try registry.speaker(named: "alice")

        // New speaker, failing after the second of three utterances was inserted.
        #expect(throws: Injected.self) {
            try registry.enroll(name: "bob", encoder: RegistryFixture.otherEncoder,
                                utterances: (2...4).map { RegistryFixture.utterance($0) }, now: Date(),
                                afterInserting: { if $0 == 1 { throw Injected() } })
        }
        // Existing speaker, failing after the first new utterance.
        #expect(throws: Injected.self) {
            try registry.enroll(name: "alice", encoder: RegistryFixture.encoder,
                                utterances: (5...6).map { RegistryFixture.utterance($0) }, now: Date(),
                                afterInserting: { _ in throw Injected() })
        }
        #expect(try registry.speakers().map(\.name) == ["alice"])
        #expect(try registry.speaker(named: "alice") == before)
        let counts = try DatabaseQueue(path: fixture.path).read { db in
            (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM utterance")!, try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM encoderModel")!)
        }
        #expect(counts == (1, 1))
        // The recordings of the failed enrolments were not kept: they enrol fine now.
        try registry.enroll(name: "bob", encoder: RegistryFixture.encoder, utterances: (2...6).map { RegistryFixture.utterance($0) })
    }

    @Test func exportAndImportRoundTrip() throws {
        let fixture = try RegistryFixture(), target = try RegistryFixture()
        defer { fixture.remove(); target.remove() }
        let registry = try fixture.open()
        try registry.enroll(name: "alice", encoder: RegistryFixture.encoder, utterances: [RegistryFixture.utterance(1), RegistryFixture.utterance(2)])
        try registry.enroll(name: "bob", encoder: RegistryFixture.otherEncoder, utterances: [RegistryFixture.utterance(3)])
        let data = try registry.exportArchive().encoded()
        let archive = try SpeakerArchive.decode(data, location: "export.json")
        #expect(archive.speakers.map(\.name) == ["alice", "bob"] && archive.encoderModels.count == 2)

        let copy = try target.open()
        try copy.importArchive(archive, location: "export.json", replacing: false)
        for name in ["alice", "bob"] {
            let a = try registry.speaker(named: name), b = try copy.speaker(named: name)
            #expect(a.utterances == b.utterances && a.summary.encoderModelID == b.summary.encoderModelID, "\(a.utterances.map { ($0.enrolledAt.timeIntervalSince1970, $0.embedding.values[0]) }) vs \(b.utterances.map { ($0.enrolledAt.timeIntervalSince1970, $0.embedding.values[0]) })")
            assertClose(a.profile.values, b.profile.values, atol: 1e-7)
        }
        // Importing again conflicts on the names, and nothing changes; --replace replaces.
        #expect { try copy.importArchive(archive, location: "export.json", replacing: false) } throws: {
            ($0 as? SpeakerRegistryError)?.code == .speakerExists
        }
        #expect(try copy.speakers().map(\.utteranceCount) == [2, 1])
        try copy.importArchive(archive, location: "export.json", replacing: true)
        #expect(try copy.speakers().map(\.utteranceCount) == [2, 1])

        for (text, fragment) in [("{}", "not a Myna speaker export"), ("[1,2]", "not a Myna speaker export"),
                                 (#"{"format":"myna-speakers","version":9}"#, "newer"),
                                 (#"{"format":"myna-speakers","version":1}"#, "missing")] {
            #expect { try SpeakerArchive.decode(Data(text.utf8), location: "bad.json") } throws: {
                ($0 as? SpeakerRegistryError)?.code == .invalidArchive && "\($0)".contains(fragment)
            }
        }
        var broken = archive
        broken.speakers[0].utterances[0].embedding[0] = .nan
        #expect { try copy.importArchive(broken, location: "bad.json", replacing: true) } throws: {
            ($0 as? SpeakerRegistryError)?.code == .invalidArchive
        }
    }
}
