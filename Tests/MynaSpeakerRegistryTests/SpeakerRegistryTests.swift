import Foundation
import GRDB
import MynaCore
@testable import MynaSpeakerRegistry
import MynaTestSupport
import Testing

@Suite struct SpeakerRegistryTests {
    // Enrolment, conflicts, concurrent openers and transactions: RegistryBackendTests, on SQLite and PostgreSQL.

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
