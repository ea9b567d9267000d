import MynaCore
import MynaTensor

/// (In MynaSpeakers, compiled with optimisation even in debug builds, like the other numeric loops.)
///
/// Every speaker's profile in memory, one contiguous matrix per encoder, for `identify` against a large registry:
/// scoring a recording is one matrix-vector product (`cblas_sgemv`) over all rows, then a top-k selection, instead of
/// one `SpeakerProfile` array per speaker compared in a loop.
///
/// Memory: 4 bytes per component (a GE2E profile is 256 components: 1 KiB per speaker, 100 000 speakers ≈ 98 MiB of
/// matrix) plus the names.
///
/// Thread-safety: immutable; share freely.
public final class SpeakerProfileIndex: Sendable {
    /// The profiles of one encoder: names by row, and the (rows, dimension) matrix, row-major.
    struct Group: Sendable {
        var names: [String] = []
        var dimension: Int
        var matrix: [Float] = []
    }

    /// The store's change count the index was built at.
    public let changeCount: Int64
    let groups: [String: Group]

    public init(profiles: [SpeakerProfile], changeCount: Int64) {
        self.changeCount = changeCount
        var groups: [String: Group] = [:]
        for profile in profiles {
            // Mutated in place through the dictionary's subscript: a copy taken out and stored back would copy the
            // whole matrix for every speaker (quadratic).
            let dimension = profile.embedding.dimension
            precondition(groups[profile.encoderModelID].map { $0.dimension == dimension } ?? true,
                         "SpeakerProfileIndex: one encoder, two dimensions")
            groups[profile.encoderModelID, default: Group(dimension: dimension)].names.append(profile.name)
            groups[profile.encoderModelID, default: Group(dimension: dimension)].matrix.append(contentsOf: profile.embedding.values)
        }
        self.groups = groups
    }

    /// Speakers indexed, of every encoder.
    public var count: Int { groups.values.reduce(0) { $0 + $1.names.count } }

    /// Bytes held: the matrices and the names' UTF-8.
    public var memoryBytes: Int {
        groups.values.reduce(0) { total, group in
            total + group.matrix.count * MemoryLayout<Float>.size + group.names.reduce(0) { $0 + $1.utf8.count + 16 }
        }
    }

    /// The embedding size of `encoderID`'s profiles (0 when none are indexed).
    public func dimension(of encoderID: String) -> Int { groups[encoderID]?.dimension ?? 0 }

    /// The encoders indexed, most speakers first.
    public var encoderIDs: [String] { groups.sorted { $0.value.names.count > $1.value.names.count }.map(\.key) }

    /// Names of speakers enrolled with another encoder than `encoderID` (they cannot be compared).
    public func names(notOf encoderID: String) -> [String] {
        groups.filter { $0.key != encoderID }.flatMap(\.value.names).sorted()
    }

    /// The `top` speakers of `encoderID` by cosine with `query` (a unit vector, as profiles are), best first; empty
    /// when nobody was enrolled with that encoder.
    public func search(_ query: SpeakerEmbedding, encoderID: String, top: Int) -> [(name: String, score: Double)] {
        guard let group = groups[encoderID], !group.names.isEmpty, top >= 1 else { return [] }
        precondition(query.dimension == group.dimension, "SpeakerProfileIndex: a \(query.dimension)-d query for \(group.dimension)-d profiles")
        let rows = group.names.count
        var scores = [Float](repeating: 0, count: rows)
        group.matrix.withUnsafeBufferPointer { matrix in
            query.values.withUnsafeBufferPointer { x in
                scores.withUnsafeMutableBufferPointer { y in
                    // (rows, dimension) · (dimension) → (rows)
                    Kernels.gemv(m: rows, n: group.dimension, a: matrix.baseAddress!, lda: group.dimension,
                                 x: x.baseAddress!, y: y.baseAddress!)
                }
            }
        }
        // Top-k by a partial selection: keep the best k seen so far, sorted (k is small: 3 by default; `identify`
        // without --top asks for everyone, Int.max).
        let k = min(top, rows)
        var best: [(row: Int, score: Float)] = []
        best.reserveCapacity(k + 1)
        for (row, score) in scores.enumerated() where best.count < k || score > best[best.count - 1].score {
            let position = best.firstIndex { score > $0.score } ?? best.count
            best.insert((row, score), at: position)
            if best.count > k { best.removeLast() }
        }
        return best.map { (group.names[$0.row], Double($0.score)) }
    }
}
