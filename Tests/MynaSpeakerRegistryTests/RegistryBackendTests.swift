import Foundation
import MynaCore
import Synchronization
@testable import MynaSpeakerRegistry
@testable import MynaSpeakerRegistryPostgres
import MynaTestSupport
import Testing

/// The `SpeakerStore` contract, asserted alike on the SQLite registry and on the PostgreSQL one (a fresh database of
/// the throwaway cluster per test): profiles, conflicts, transactions, concurrent openers, schema versions.
@Suite struct RegistryBackendTests {
    private func code(_ body: () throws -> Void) -> SpeakerRegistryError.Code? {
        do { try body(); return nil } catch { return (error as? SpeakerRegistryError)?.code }
    }

    @Test(arguments: RegistryBackend.allCases)
    func enrolmentCreatesAndUpdatesTheProfile(_ backend: RegistryBackend) throws {
        let place = try RegistryPlace(backend)
        defer { place.remove() }
        let registry = try place.open()
        let first = try registry.enroll(name: "Alice", encoder: RegistryFixture.encoder,
                                        utterances: [RegistryFixture.utterance(1), RegistryFixture.utterance(2)])
        #expect(first.created && first.addedUtterances == 2 && first.profileChange == nil)
        #expect(first.speaker.utteranceCount == 2 && abs(first.speaker.speechSeconds - 8.0) < 1e-9)
        let second = try registry.enroll(name: "alice", encoder: RegistryFixture.encoder, utterances: [RegistryFixture.utterance(3)])
        #expect(!second.created && second.speaker.name == "Alice" && second.speaker.utteranceCount == 3)
        #expect(second.profileChange! < 1)

        // The profile is the normalised mean of the three utterance embeddings (MynaCore's `mean`, the oracle).
        let expected = SpeakerEmbedding.mean((1...3).map(RegistryFixture.embedding))!
        let details = try registry.speaker(named: "ALICE")
        assertClose(details.profile.values, expected.values, atol: 1e-6)
        #expect(details.utterances.map(\.sourceName) == ["clip1.flac", "clip2.flac", "clip3.flac"])
        #expect(details.encoderFileName == "pretrained.pt")
        assertClose(details.utterances[1].embedding.values, RegistryFixture.embedding(2).values, atol: 0)
        let profiles = try registry.profiles()
        #expect(profiles.map(\.name) == ["Alice"] && profiles.map(\.utteranceCount) == [3])
        assertClose(try registry.profile(named: "aLiCe").embedding.values, expected.values, atol: 1e-6)
    }

    @Test(arguments: RegistryBackend.allCases)
    func duplicatesUnknownNamesAndEncoderMismatchChangeNothing(_ backend: RegistryBackend) throws {
        let place = try RegistryPlace(backend)
        defer { place.remove() }
        let registry = try place.open()
        try registry.enroll(name: "alice", encoder: RegistryFixture.encoder, utterances: [RegistryFixture.utterance(1)])
        try registry.enroll(name: "bob", encoder: RegistryFixture.encoder, utterances: [RegistryFixture.utterance(2)])
        // The same recording again, for the same or another speaker, or twice in one enrolment.
        #expect(code { _ = try registry.enroll(name: "alice", encoder: RegistryFixture.encoder, utterances: [RegistryFixture.utterance(1)]) } == .duplicateUtterance)
        #expect(code { _ = try registry.enroll(name: "carol", encoder: RegistryFixture.encoder,
                                               utterances: [RegistryFixture.utterance(5), RegistryFixture.utterance(2)]) } == .duplicateUtterance)
        #expect(code { _ = try registry.enroll(name: "carol", encoder: RegistryFixture.encoder,
                                               utterances: [RegistryFixture.utterance(6), RegistryFixture.utterance(6, name: "copy.flac")]) } == .duplicateUtterance)
        #expect(code { _ = try registry.enroll(name: "alice", encoder: RegistryFixture.otherEncoder, utterances: [RegistryFixture.utterance(7)]) } == .encoderMismatch)
        #expect(code { _ = try registry.speaker(named: "dave") } == .unknownSpeaker)
        #expect(code { try registry.remove(names: ["dave"]) } == .unknownSpeaker)
        #expect(code { try registry.remove(names: ["alice", "dave"]) } == .unknownSpeaker)
        #expect(code { try registry.rename("alice", to: "Bob", now: Date()) } == .speakerExists)
        for bad in ["", " alice", "unknown", "-x", "a\tb", String(repeating: "x", count: 101)] {
            #expect(code { _ = try registry.enroll(name: bad, encoder: RegistryFixture.encoder, utterances: [RegistryFixture.utterance(9)]) } == .invalidName, "\(bad)")
        }
        #expect(try registry.speakers().map(\.name) == ["alice", "bob"])
        #expect(try registry.speakers().map(\.utteranceCount) == [1, 1])
        #expect(try place.rowCounts() == (2, 1))

        do {
            _ = try registry.speaker(named: "dave")
        } catch {
            #expect("\(error)".contains("no speaker named \"dave\" (enrolled: alice, bob)"))
        }
        try registry.rename("alice", to: "Alice Smith", now: Date())
        try registry.rename("bob", to: "BOB", now: Date())  // a change of case only
        #expect(try registry.speakers().map(\.name) == ["Alice Smith", "BOB"])
        #expect(try registry.remove(names: ["bob"]).map(\.name) == ["BOB"])
        #expect(try registry.speakers().map(\.name) == ["Alice Smith"])
        // Removing a speaker removed their utterances: the recording can be enrolled again.
        try registry.enroll(name: "carol", encoder: RegistryFixture.encoder, utterances: [RegistryFixture.utterance(2)])
    }

    /// Several openers of one new registry at the same moment (several `myna enroll` processes, or replicas of
    /// `myna serve` starting together): every one gets a usable registry, the schema is created once, and each
    /// enrolment lands.
    @Test(arguments: RegistryBackend.allCases)
    func concurrentOpenersOfANewRegistryAllSucceed(_ backend: RegistryBackend) throws {
        for _ in 0..<(backend == .sqlite ? 10 : 3) {
            let place = try RegistryPlace(backend)
            defer { place.remove() }
            let openers = 6
            let failures = Mutex<[String]>([])
            DispatchQueue.concurrentPerform(iterations: openers) { index in
                do {
                    let registry = try place.open()
                    _ = try registry.enroll(name: "speaker\(index)", encoder: RegistryFixture.encoder,
                                            utterances: [RegistryFixture.utterance(index + 1)])
                } catch {
                    failures.withLock { $0.append("\(error)") }
                }
            }
            #expect(failures.withLock { $0 }.isEmpty, "\(failures.withLock { $0 })")
            #expect(try place.open().profiles().count == openers)
            if backend == .postgres {
                #expect(try place.psql("SELECT version FROM myna_schema") == "\(PostgresSpeakerRegistry.schemaVersion)")
            }
        }
    }

    /// Create-only enrolments of one new name at the same moment from six openers (six server requests, on one
    /// replica or several): exactly one creates the speaker, every other is `.speakerExists` and writes nothing; a
    /// create-only enrolment of a taken name (any case) changes nothing.
    @Test(arguments: RegistryBackend.allCases)
    func createOnlyEnrolmentsOfOneNameCreateItOnce(_ backend: RegistryBackend) throws {
        for _ in 0..<(backend == .sqlite ? 5 : 3) {
            let place = try RegistryPlace(backend)
            defer { place.remove() }
            _ = try place.open()
            let openers = 6
            let outcomes = Mutex<[Result<EnrolmentResult, SpeakerRegistryError>]>([])
            let others = Mutex<[String]>([])
            DispatchQueue.concurrentPerform(iterations: openers) { index in
                do {
                    let result = try place.open().enroll(name: index % 2 == 0 ? "carol" : "Carol", encoder: RegistryFixture.encoder,
                                                         utterances: [RegistryFixture.utterance(index + 1)], now: Date(), mode: .createOnly)
                    outcomes.withLock { $0.append(.success(result)) }
                } catch let error as SpeakerRegistryError {
                    outcomes.withLock { $0.append(.failure(error)) }
                } catch {
                    others.withLock { $0.append("\(error)") }
                }
            }
            #expect(others.withLock { $0 }.isEmpty, "\(others.withLock { $0 })")
            let results = outcomes.withLock { $0 }
            let created = results.compactMap { try? $0.get() }
            #expect(created.count == 1 && created.first?.created == true)
            let refusals: [SpeakerRegistryError.Code] = results.compactMap {
                if case .failure(let error) = $0 { error.code } else { nil }
            }
            #expect(refusals == Array(repeating: SpeakerRegistryError.Code.speakerExists, count: openers - 1))
            let registry = try place.open()
            #expect(try registry.speakers().count == 1)
            #expect(try registry.speaker(named: "carol").utterances.count == 1)
            #expect(try place.rowCounts().utterances == 1)
            #expect(code { _ = try registry.enroll(name: "CAROL", encoder: RegistryFixture.encoder,
                                                   utterances: [RegistryFixture.utterance(40)], now: Date(), mode: .createOnly) } == .speakerExists)
            #expect(try registry.speaker(named: "carol").utterances.count == 1)
            // Without create-only, the same enrolment adds to the speaker, as `myna enroll` does.
            #expect(try registry.enroll(name: "CAROL", encoder: RegistryFixture.encoder,
                                        utterances: [RegistryFixture.utterance(40)]).created == false)
        }
    }

    /// Each enrolment is one transaction: a failure after some utterance rows were written leaves nothing behind.
    @Test(arguments: RegistryBackend.allCases)
    func failedEnrolmentLeavesNoTrace(_ backend: RegistryBackend) throws {
        struct Injected: Error {}
        let place = try RegistryPlace(backend)
        defer { place.remove() }
        let registry = try place.open()
        try registry.enroll(name: "alice", encoder: RegistryFixture.encoder, utterances: [RegistryFixture.utterance(1)])
        let before = try registry.speaker(named: "alice")

        // New speaker, failing after the second of three utterances was inserted.
        #expect(throws: Injected.self) {
            try registry.enroll(name: "bob", encoder: RegistryFixture.otherEncoder,
                                utterances: (2...4).map { RegistryFixture.utterance($0) }, now: Date(), mode: .createOrAdd,
                                afterInserting: { if $0 == 1 { throw Injected() } })
        }
        // Existing speaker, failing after the first new utterance.
        #expect(throws: Injected.self) {
            try registry.enroll(name: "alice", encoder: RegistryFixture.encoder,
                                utterances: (5...6).map { RegistryFixture.utterance($0) }, now: Date(), mode: .createOrAdd,
                                afterInserting: { _ in throw Injected() })
        }
        #expect(try registry.speakers().map(\.name) == ["alice"])
        #expect(try registry.speaker(named: "alice") == before)
        #expect(try place.rowCounts() == (1, 1))
        // The recordings of the failed enrolments were not kept: they enrol fine now.
        try registry.enroll(name: "bob", encoder: RegistryFixture.encoder, utterances: (2...6).map { RegistryFixture.utterance($0) })
    }

    /// A new registry is created by the first writer only; reopening migrates nothing; a reader of a blank place
    /// sees nobody and creates nothing; a registry from a newer Myna is refused for reading and writing.
    @Test(arguments: RegistryBackend.allCases)
    func schemaVersions(_ backend: RegistryBackend) throws {
        let place = try RegistryPlace(backend)
        defer { place.remove() }
        if backend == .postgres {
            #expect(try place.open(readOnly: true).profiles().isEmpty)
        }
        #expect(try place.isBlank())
        try place.open().enroll(name: "alice", encoder: RegistryFixture.encoder, utterances: [RegistryFixture.utterance(1)])
        #expect(try !place.isBlank())
        #expect(try place.open().profiles().map(\.name) == ["alice"])
        #expect(try place.open(readOnly: true).profiles().map(\.name) == ["alice"])
        try place.makeSchemaNewer()
        for readOnly in [false, true] {
            #expect { try place.open(readOnly: readOnly) } throws: {
                ($0 as? SpeakerRegistryError)?.code == .newerSchema && "\($0)".contains("newer Myna")
            }
        }
    }
}

/// What only the PostgreSQL registry has: a server to reach and a login.
@Suite struct PostgresRegistryTests {
    @Test func unreachableServerWrongPasswordAndUnknownDatabaseAreOneClearLine() throws {
        let cluster = try ThrowawayPostgres.shared()
        let database = try cluster.makeDatabase()
        // Over TCP with the right password, the registry works.
        let registry = try PostgresSpeakerRegistry(url: try PostgresRegistryURL(database.tcpURL))
        try registry.enroll(name: "alice", encoder: RegistryFixture.encoder, utterances: [RegistryFixture.utterance(1)])
        #expect(registry.location == "postgres://myna:***@127.0.0.1:\(cluster.port)/\(database.name)")

        func failure(_ url: String) -> SpeakerRegistryError? {
            do {
                _ = try PostgresSpeakerRegistry(url: try PostgresRegistryURL(url, environment: [:]), timeout: 2)
                return nil
            } catch {
                return error as? SpeakerRegistryError
            }
        }
        let wrong = try #require(failure(database.tcpURL(password: "not-the-password")))
        #expect(wrong.code == .ioFailure && "\(wrong)".contains("refused the login"), "\(wrong)")
        #expect(!"\(wrong)".contains("not-the-password") && !"\(wrong)".contains(cluster.password))

        let closedPort = try LoopbackPort.free()
        let unreachable = try #require(failure("postgres://myna:secret@127.0.0.1:\(closedPort)/speakers"))
        #expect(unreachable.code == .ioFailure && "\(unreachable)".contains("cannot connect"), "\(unreachable)")
        #expect(!"\(unreachable)".contains("secret") && !"\(unreachable)".contains("\n"))

        let missing = try #require(failure("postgres://myna@/no_such_database?host=\(cluster.folder.path)&port=\(cluster.port)"))
        #expect(missing.code == .ioFailure && "\(missing)".contains("no_such_database"), "\(missing)")
    }

    /// A database whose registry tables hold something this Myna did not write is `.corrupt`, not a crash.
    @Test func foreignTablesAreCorrupt() throws {
        let place = try RegistryPlace(.postgres)
        try place.psql("CREATE TABLE myna_schema (version text)")
        try place.psql("INSERT INTO myna_schema VALUES ('x'), ('y')")
        #expect { try place.open() } throws: { ($0 as? SpeakerRegistryError)?.code == .corrupt }
    }
}

@Suite struct PostgresRegistryURLTests {
    @Test func tcpAndSocketFormsParseAndHideThePassword() throws {
        let tcp = try PostgresRegistryURL("postgres://ann:p%40ss@db.example:6543/speakers", environment: [:])
        #expect(tcp.endpoint == .tcp(host: "db.example", port: 6543) && tcp.user == "ann" && tcp.password == "p@ss")
        #expect(tcp.database == "speakers" && tcp.description == "postgres://ann:***@db.example:6543/speakers")

        let socket = try PostgresRegistryURL("postgresql://ann@/speakers?host=/run/postgresql", environment: ["PGPASSWORD": "pw"])
        #expect(socket.endpoint == .unixSocket(folder: "/run/postgresql", port: 5432) && socket.password == "pw")
        #expect(socket.description == "postgres://ann:***@/speakers?host=/run/postgresql")

        let v6 = try PostgresRegistryURL("postgres://ann@[::1]/speakers", environment: [:])
        #expect(v6.endpoint == .tcp(host: "::1", port: 5432) && v6.password == nil)
        #expect(v6.description == "postgres://ann@[::1]:5432/speakers")

        for bad in ["postgres://ann:secret@host:99999/db", "postgres://ann:secret@host/", "postgres://:secret@host/db",
                    "postgres://ann:secret@host/db?sslmode=require", "postgres:///db", "mysql://ann:secret@host/db",
                    "postgres://ann:secret@host/db?host=/tmp"] {
            #expect { try PostgresRegistryURL(bad, environment: [:]) } throws: {
                ($0 as? ConfigurationError)?.field == "--registry" && !"\($0)".contains("secret")
            }
        }
    }
}
