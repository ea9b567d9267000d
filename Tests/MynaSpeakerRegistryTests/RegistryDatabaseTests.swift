import Foundation
import GRDB
import MynaCore
@testable import MynaSpeakerRegistry
import MynaTestSupport
import Testing

/// The database itself: migrations, WAL, concurrent writers, locks, and files that are not usable databases.
@Suite struct RegistryDatabaseTests {
    @Test func freshDatabaseIsMigratedAndInWALMode() throws {
        let fixture = try RegistryFixture()
        defer { fixture.remove() }
        _ = try fixture.open()
        _ = try fixture.open()  // reopening applies nothing new
        let state = try DatabaseQueue(path: fixture.path).read { db in
            (try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY identifier"),
             try String.fetchOne(db, sql: "PRAGMA journal_mode")!,
             try db.tableExists("speaker") && db.tableExists("utterance") && db.tableExists("encoderModel"))
        }
        #expect(state.0 == ["v1-speakers-and-utterances", "v2-encoder-models"])
        #expect(state.1 == "wal")
        #expect(state.2)
        #expect(SpeakerRegistry.migrator.migrations == state.0)
    }

    /// A database left at the first migration (an older Myna) is upgraded on open, keeping its speakers.
    @Test func olderSchemaIsUpgraded() throws {
        let fixture = try RegistryFixture()
        defer { fixture.remove() }
        let queue = try DatabaseQueue(path: fixture.path)
        try SpeakerRegistry.migrator.migrate(queue, upTo: "v1-speakers-and-utterances")
        try queue.write { db in
            try db.execute(sql: """
                INSERT INTO speaker (name, encoderModelID, dimension, profile, createdAt, updatedAt)
                VALUES ('old', 'x', 8, ?, '2024-01-01 00:00:00.000', '2024-01-01 00:00:00.000')
                """, arguments: [EmbeddingBlob.encode(RegistryFixture.embedding(1))])
        }
        try queue.close()
        // Read-only access cannot upgrade it and says so.
        #expect { try fixture.open(.readOnly) } throws: { ($0 as? SpeakerRegistryError)?.code == .needsUpgrade }
        let registry = try fixture.open()
        #expect(try registry.speakers().map(\.name) == ["old"])
        try registry.enroll(name: "new", encoder: RegistryFixture.encoder, utterances: [RegistryFixture.utterance(2)])
        #expect(try registry.speaker(named: "new").encoderFileName == "pretrained.pt")
    }

    @Test func newerSchemaForeignAndCorruptFilesAreRefused() throws {
        let fixture = try RegistryFixture()
        defer { fixture.remove() }
        _ = try fixture.open()
        try DatabaseQueue(path: fixture.path).write { db in
            try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v9-from-the-future')")
        }
        #expect { try fixture.open() } throws: { ($0 as? SpeakerRegistryError)?.code == .newerSchema }
        #expect { try fixture.open(.readOnly) } throws: { ($0 as? SpeakerRegistryError)?.code == .newerSchema }

        let foreign = fixture.folder.appendingPathComponent("other.sqlite").path
        try DatabaseQueue(path: foreign).write { try $0.execute(sql: "CREATE TABLE invoices (id INTEGER)") }
        #expect { try SpeakerRegistry(path: foreign) } throws: {
            ($0 as? SpeakerRegistryError)?.code == .corrupt && "\($0)".contains("invoices")
        }

        let garbage = fixture.folder.appendingPathComponent("garbage.sqlite")
        try Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 * 7 + 3) }).write(to: garbage)
        for access in [SpeakerRegistry.Access.readWrite, .readOnly] {
            #expect { try SpeakerRegistry(path: garbage.path, access: access) } throws: {
                ($0 as? SpeakerRegistryError)?.code == .corrupt && "\($0)".contains("garbage.sqlite")
            }
        }
        // A folder where the file should be.
        #expect { try SpeakerRegistry(path: fixture.folder.path) } throws: { ($0 as? SpeakerRegistryError)?.code == .ioFailure }
    }

    @Test func readOnlyAccessReadsButNeverWrites() throws {
        let fixture = try RegistryFixture()
        defer { fixture.remove() }
        #expect(try SpeakerRegistry.openIfExists(path: fixture.path) == nil)
        #expect(!FileManager.default.fileExists(atPath: fixture.path), "a read-only open created the file")
        try fixture.open().enroll(name: "alice", encoder: RegistryFixture.encoder, utterances: [RegistryFixture.utterance(1)])
        let reader = try #require(try SpeakerRegistry.openIfExists(path: fixture.path))
        #expect(try reader.speakers().map(\.name) == ["alice"])
        #expect { try reader.enroll(name: "bob", encoder: RegistryFixture.encoder, utterances: [RegistryFixture.utterance(2)]) } throws: {
            ($0 as? SpeakerRegistryError)?.code == .readOnly
        }
    }

    /// Two connections (two pools, as two processes would have) enrolling at the same time: every enrolment lands.
    @Test func concurrentWritersAllSucceed() async throws {
        let fixture = try RegistryFixture()
        defer { fixture.remove() }
        let first = try fixture.open(), second = try fixture.open()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (writer, registry) in [first, second].enumerated() {
                group.addTask {
                    for i in 0..<15 {
                        let seed = writer * 100 + i
                        try registry.enroll(name: "w\(writer)-\(i)", encoder: RegistryFixture.encoder,
                                            utterances: [RegistryFixture.utterance(seed), RegistryFixture.utterance(seed + 50)])
                        _ = try registry.speakers()  // readers alongside the other writer
                    }
                }
            }
            try await group.waitForAll()
        }
        let speakers = try first.speakers()
        #expect(speakers.count == 30 && speakers.allSatisfy { $0.utteranceCount == 2 })
    }

    /// A writer holding the database makes others wait up to their busy timeout, then fail with `.locked`; a lock
    /// released within the timeout is simply waited for.
    @Test func lockedDatabaseWaitsThenFails() throws {
        let fixture = try RegistryFixture()
        defer { fixture.remove() }
        let registry = try fixture.open(busyTimeout: 0.2)
        let holder = try DatabaseQueue(path: fixture.path)
        try holder.writeWithoutTransaction { db in
            try db.execute(sql: "BEGIN EXCLUSIVE TRANSACTION")
            #expect { try registry.enroll(name: "alice", encoder: RegistryFixture.encoder, utterances: [RegistryFixture.utterance(1)]) } throws: {
                ($0 as? SpeakerRegistryError)?.code == .locked && "\($0)".contains("locked")
            }
            try db.execute(sql: "ROLLBACK")
        }
        let patient = try fixture.open(busyTimeout: 30)
        let held = DispatchSemaphore(value: 0)
        // The holder's own thread releases the lock (not a Dispatch global queue, which a loaded test run can keep
        // busy past the patient's timeout: CI saw this test fail so once).
        let thread = Thread {
            try? holder.writeWithoutTransaction { db in
                try db.execute(sql: "BEGIN EXCLUSIVE TRANSACTION")
                held.signal()
                Thread.sleep(forTimeInterval: 0.3)
                try db.execute(sql: "COMMIT")
            }
        }
        thread.start()
        held.wait()
        try patient.enroll(name: "alice", encoder: RegistryFixture.encoder, utterances: [RegistryFixture.utterance(1)])
        #expect(try patient.speakers().map(\.name) == ["alice"])
    }

    @Test func defaultLocationFollowsXDG() {
        #expect(SpeakerRegistryLocation.defaultPath(environment: ["XDG_DATA_HOME": "/data", "HOME": "/home/u"]) == "/data/myna/speakers.sqlite")
        #expect(SpeakerRegistryLocation.defaultPath(environment: ["XDG_DATA_HOME": "", "HOME": "/home/u"]) == "/home/u/.local/share/myna/speakers.sqlite")
    }
}
