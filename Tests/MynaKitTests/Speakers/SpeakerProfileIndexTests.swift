import Foundation
import MynaCore
@testable import MynaKit
import MynaTestSupport
import Testing

/// The in-memory profile index `identify` searches on a shared registry: its ranking against the plain cosine loop
/// (`SpeakerEmbedding.cosineSimilarity`, in Double), and its freshness across two replicas of one PostgreSQL registry.
@Suite struct SpeakerProfileIndexTests {
    static func randomUnit(_ generator: inout SplitMix64, dimension: Int) -> SpeakerEmbedding {
        SpeakerEmbedding(normalizing: (0..<dimension).map { _ in Float.random(in: 0..<1, using: &generator) })
    }

    @Test func searchRanksAsTheCosineLoop() {
        var generator = SplitMix64(seed: 21)
        let profiles = (0..<500).map { i in
            SpeakerProfile(name: "s\(i)", encoderModelID: i % 5 == 0 ? "other" : "ge2e",
                           embedding: Self.randomUnit(&generator, dimension: 64), utteranceCount: 1)
        }
        let index = SpeakerProfileIndex(profiles: profiles, changeCount: 7)
        #expect(index.count == 500 && index.changeCount == 7)
        #expect(index.names(notOf: "ge2e").count == 100)
        #expect(index.memoryBytes >= 500 * 64 * 4)
        for _ in 0..<20 {
            let query = Self.randomUnit(&generator, dimension: 64)
            let oracle = profiles.filter { $0.encoderModelID == "ge2e" }
                .map { ($0.name, $0.embedding.cosineSimilarity(query)) }.sorted { $0.1 > $1.1 }
            let found = index.search(query, encoderID: "ge2e", top: 5)
            #expect(found.map(\.name) == oracle.prefix(5).map(\.0))
            for (a, b) in zip(found, oracle) { #expect(abs(a.score - b.1) < 1e-5) }
            // Everyone, when asked for more than there are.
            #expect(index.search(query, encoderID: "ge2e", top: .max).count == 400)
        }
        #expect(index.search(Self.randomUnit(&generator, dimension: 64), encoderID: "nobody's", top: 3).isEmpty)
    }

    /// Two replicas of one PostgreSQL registry: a speaker enrolled through one is in the other's index at its next
    /// call, and an unchanged registry reuses the index it has.
    @Test func indexFollowsChangesMadeByAnotherReplica() throws {
        let database = try ThrowawayPostgres.shared().makeDatabase()
        let address = try SpeakerRegistryAddress.resolve(registry: database.socketURL, db: nil, environment: [:])
        let first = try #require(try address.openForWriting(timeout: 5) as? IndexedSpeakerStore)
        let second = try address.openForWriting(timeout: 5)
        var generator = SplitMix64(seed: 5)
        let encoder = EncoderModelIdentity(id: "ge2e", fileName: "pretrained.pt", dimension: 16)
        func utterance(_ n: Int) -> UtteranceEnrolment {
            UtteranceEnrolment(embedding: Self.randomUnit(&generator, dimension: 16), speechSeconds: 2, sourceName: "\(n).wav",
                               audioSHA256: String(format: "%064x", n), trimmed: true)
        }
        _ = try first.enroll(name: "alice", encoder: encoder, utterances: [utterance(1)], now: Date(), mode: .createOrAdd)
        let before = try first.index()
        #expect(before.count == 1)
        #expect(try first.index() === before)
        _ = try second.enroll(name: "bob", encoder: encoder, utterances: [utterance(2)], now: Date(), mode: .createOrAdd)
        let after = try first.index()
        #expect(after.count == 2 && after !== before)
        let bob = try second.profile(named: "bob").embedding
        #expect(after.search(bob, encoderID: "ge2e", top: 1).first?.name == "bob")
        try second.remove(names: ["alice"])
        #expect(try first.index().count == 1)
    }
}
