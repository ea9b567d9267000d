/// Byte-pair encoding of one pre-tokenized piece with ranked merges (Sennrich et al. 2016; GPT-2's `bpe`).
///
/// Immutable after loading; `encode` keeps no state, so one encoder serves any number of threads.
struct BytePairEncoder: Sendable {
    private struct Pair: Hashable, Sendable {
        var left: String
        var right: String
    }

    /// Lower rank merges first.
    private let ranks: [Pair: Int]

    /// `merges` in priority order, each "left right" as in tokenizer.json.
    init(merges: [(String, String)]) {
        var ranks: [Pair: Int] = [:]
        ranks.reserveCapacity(merges.count)
        for (rank, merge) in merges.enumerated() where ranks[Pair(left: merge.0, right: merge.1)] == nil {
            ranks[Pair(left: merge.0, right: merge.1)] = rank
        }
        self.ranks = ranks
    }

    /// The symbols `word` (a byte-level alphabet string) becomes after applying merges until none applies.
    func encode(_ word: String) -> [String] {
        var symbols = word.unicodeScalars.map { String($0) }
        while symbols.count > 1 {
            var bestRank = Int.max
            var bestIndex = -1
            for i in 0..<(symbols.count - 1) {
                if let rank = ranks[Pair(left: symbols[i], right: symbols[i + 1])], rank < bestRank {
                    bestRank = rank
                    bestIndex = i
                }
            }
            guard bestIndex >= 0 else { break }
            let left = symbols[bestIndex], right = symbols[bestIndex + 1]
            // Merge every non-overlapping occurrence of the best pair, left to right.
            var merged: [String] = []
            merged.reserveCapacity(symbols.count)
            var i = 0
            while i < symbols.count {
                if i + 1 < symbols.count, symbols[i] == left, symbols[i + 1] == right {
                    merged.append(left + right)
                    i += 2
                } else {
                    merged.append(symbols[i])
                    i += 1
                }
            }
            symbols = merged
        }
        return symbols
    }
}
