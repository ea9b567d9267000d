import Foundation
import MynaCore
import MynaKit

/// `identify`'s search step on a shared PostgreSQL registry: `myna-bench speaker-index postgres://…`, or on N random
/// profiles built in memory: `myna-bench speaker-index random:N`.
///
/// Fill the database first with `scripts/fill_speaker_registry.sh URL N` (random unit vectors; this benchmark's first
/// run creates the tables). Untimed in `seconds`: nothing. Reported:
/// - `seconds`: loading every profile into the index (`IndexedSpeakerStore.index()` on a fresh store);
/// - `freshnessCheckMicroseconds`: `index()` on an unchanged registry (the per-request version check), median of 21;
/// - `searchP50Microseconds`, `searchP95Microseconds`: `SpeakerProfileIndex.search` (top 3) for 300 random unit
///   queries, after 20 warm-up searches;
/// - `indexBytes` (the matrix and names) and `residentBytes` (the process's VmRSS after loading).
enum SpeakerIndexBenchmark {
    static func run(url: String) throws -> BenchmarkResult {
        var generator = SplitMix64(seed: 42)
        let index: SpeakerProfileIndex, loadSeconds: Double, checkSeconds: Double
        if url.hasPrefix("random:"), let count = Int(url.dropFirst("random:".count)) {
            // The search step alone, on N random 256-d unit vectors built in memory (no database).
            let profiles = (0..<count).map { n in
                SpeakerProfile(name: "synthetic-\(n)", encoderModelID: "random",
                               embedding: SpeakerEmbedding(normalizing: (0..<256).map { _ in Float.random(in: 0..<1, using: &generator) }),
                               utteranceCount: 1)
            }
            (index, loadSeconds) = BenchmarkResult.time { SpeakerProfileIndex(profiles: profiles, changeCount: 0) }
            checkSeconds = 0
        } else {
            let address = try SpeakerRegistryAddress.resolve(registry: url, db: nil)
            guard let store = try address.openForWriting(timeout: 30) as? IndexedSpeakerStore else {
                throw ConfigurationError(field: url, message: "not a PostgreSQL registry")
            }
            (index, loadSeconds) = try BenchmarkResult.time { try store.index() }
            // The median of 21 checks (the first after a large query can wait on the connection's buffers).
            var checks: [Double] = []
            for _ in 0..<21 { checks.append(try BenchmarkResult.time { try store.index() }.seconds) }
            checkSeconds = checks.sorted()[checks.count / 2]
        }
        guard let encoderID = index.encoderIDs.first else {
            throw ConfigurationError(field: url, message: "nobody is enrolled; fill it with scripts/fill_speaker_registry.sh URL N")
        }
        let dimension = index.dimension(of: encoderID)
        func query() -> SpeakerEmbedding {
            SpeakerEmbedding(normalizing: (0..<dimension).map { _ in Float.random(in: 0..<1, using: &generator) })
        }
        for _ in 0..<20 { _ = index.search(query(), encoderID: encoderID, top: 3) }
        var microseconds: [Double] = []
        for _ in 0..<300 {
            let q = query()
            microseconds.append(BenchmarkResult.time { index.search(q, encoderID: encoderID, top: 3) }.seconds * 1e6)
        }
        microseconds.sort()
        return BenchmarkResult(benchmark: "speaker-index", seconds: loadSeconds, facts: [
            "speakers": index.count, "dimension": dimension,
            "freshnessCheckMicroseconds": Int(checkSeconds * 1e6),
            "searchP50Microseconds": Int(microseconds[microseconds.count / 2]),
            "searchP95Microseconds": Int(microseconds[Int(Double(microseconds.count) * 0.95)]),
            "indexBytes": index.memoryBytes, "residentBytes": residentBytes(),
        ])
    }

    /// VmRSS of this process, from /proc/self/status.
    static func residentBytes() -> Int {
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") } ?? ""
        return (Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0) * 1024
    }
}
