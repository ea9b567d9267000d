/// Average-linkage agglomerative clustering of unit vectors under cosine similarity, as diarization clusters speaker
/// embeddings: every vector starts alone, and the two clusters with the highest mean pairwise similarity merge, until
/// the count asked for is reached or no two clusters are similar enough.
///
/// The dendrogram is built with the nearest-neighbour chain algorithm (average linkage is reducible, so the chain
/// finds exactly the merges of the greedy algorithm, in O(n²) time and memory rather than O(n³)); merges are then
/// applied in order of decreasing similarity to cut it.
public struct AgglomerativeClustering: Sendable {
    /// One merge of the dendrogram: the clusters holding `first` and `second` join at `similarity`.
    public struct Merge: Sendable, Equatable {
        public var first: Int
        public var second: Int
        public var similarity: Double
    }

    /// The n − 1 merges, most similar first.
    public let merges: [Merge]
    /// How many vectors were clustered.
    public let count: Int

    /// Builds the dendrogram of `vectors` (each of the same length; unit length for cosine similarity).
    public init(vectors: [[Float]]) {
        count = vectors.count
        guard count > 1 else { merges = []; return }
        let n = count
        // Similarities in Double, full symmetric matrix (row-major n × n); the diagonal is unused.
        var similarity = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in (i + 1)..<n {
                var dot: Float = 0
                for (a, b) in zip(vectors[i], vectors[j]) { dot += a * b }
                similarity[i * n + j] = Double(dot)
                similarity[j * n + i] = Double(dot)
            }
        }
        var size = [Int](repeating: 1, count: n)
        var active = [Bool](repeating: true, count: n)
        var chain: [Int] = []
        var found: [Merge] = []
        found.reserveCapacity(n - 1)
        var remaining = n
        while remaining > 1 {
            if chain.isEmpty { chain.append(active.firstIndex(of: true)!) }
            let top = chain[chain.count - 1]
            // The most similar active cluster to `top`; ties go to the previous element of the chain (no cycles).
            var best = -1
            var bestSimilarity = -Double.infinity
            if chain.count > 1 {
                best = chain[chain.count - 2]
                bestSimilarity = similarity[top * n + best]
            }
            for other in 0..<n where active[other] && other != top {
                let value = similarity[top * n + other]
                if value > bestSimilarity { best = other; bestSimilarity = value }
            }
            if chain.count > 1 && best == chain[chain.count - 2] {
                // Reciprocal nearest neighbours: merge `best` into `top` (Lance–Williams update for average linkage).
                chain.removeLast(2)
                found.append(Merge(first: min(top, best), second: max(top, best), similarity: bestSimilarity))
                let (kept, gone) = (min(top, best), max(top, best))
                let total = Double(size[kept] + size[gone])
                for other in 0..<n where active[other] && other != kept && other != gone {
                    let merged = (Double(size[kept]) * similarity[kept * n + other]
                                  + Double(size[gone]) * similarity[gone * n + other]) / total
                    similarity[kept * n + other] = merged
                    similarity[other * n + kept] = merged
                }
                size[kept] += size[gone]
                active[gone] = false
                remaining -= 1
            } else {
                chain.append(best)
            }
        }
        // Stable: equal similarities keep the order they were found in.
        merges = found.enumerated().sorted { $0.element.similarity > $1.element.similarity
            || ($0.element.similarity == $1.element.similarity && $0.offset < $1.offset) }.map(\.element)
    }

    /// Cluster labels (0, 1, … in order of first appearance) after applying merges while the clusters are more than
    /// `minClusters` and the merge's similarity is at least `threshold`; then more merges, whatever their similarity,
    /// until there are at most `maxClusters`.
    public func labels(threshold: Double, minClusters: Int = 1, maxClusters: Int = .max) -> [Int] {
        var parent = Array(0..<count)
        func root(_ i: Int) -> Int {
            var i = i
            while parent[i] != i { parent[i] = parent[parent[i]]; i = parent[i] }
            return i
        }
        var clusters = count
        for merge in merges {
            let allowed = merge.similarity >= threshold ? clusters > max(1, minClusters) : clusters > max(1, maxClusters)
            guard allowed else { continue }
            let (a, b) = (root(merge.first), root(merge.second))
            guard a != b else { continue }
            parent[max(a, b)] = min(a, b)
            clusters -= 1
        }
        var names: [Int: Int] = [:]
        return (0..<count).map { i in
            let r = root(i)
            if let name = names[r] { return name }
            names[r] = names.count
            return names[r]!
        }
    }

    /// Labels for exactly `clusterCount` clusters (or as many as there are vectors).
    public func labels(clusterCount: Int) -> [Int] {
        labels(threshold: .infinity, minClusters: clusterCount, maxClusters: clusterCount)
    }
}
