/// Phoneme symbols → a voice's ids (`phoneme_id_map`) with Piper's framing: `^`, then each phoneme's ids followed
/// by the pad `_`, then `$` (`piper/phoneme_ids.py` `phonemes_to_ids`, with the pad after `^` as well).
public struct PhonemeIDMap: Sendable {
    public let ids: [String: [Int]]
    let begin: [Int], end: [Int], pad: [Int]

    public init(_ ids: [String: [Int]]) {
        self.ids = ids
        begin = ids["^"] ?? [1]
        end = ids["$"] ?? [2]
        pad = ids["_"] ?? [0]
    }

    /// The ids of `phonemes`; symbols the voice lacks are skipped and collected in `missing`.
    public func encode(_ phonemes: [String], missing: inout [String]) -> [Int] {
        var result = begin + pad
        result.reserveCapacity(2 * phonemes.count + 3)
        for phoneme in phonemes {
            guard let id = ids[phoneme] else {
                if !missing.contains(phoneme) { missing.append(phoneme) }
                continue
            }
            result += id
            result += pad
        }
        return result + end
    }
}
