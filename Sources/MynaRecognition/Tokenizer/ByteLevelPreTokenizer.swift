/// Splits text into the pieces GPT-2's byte-level BPE encodes independently.
///
/// Reproduces the pattern `'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+`
/// (OpenAI's GPT-2 encoder, also Hugging Face's `ByteLevel` pre-tokenizer with `use_regex`) as a hand-written scanner:
/// alternatives are tried in order at each position and the first that matches wins, as in the regex.
enum ByteLevelPreTokenizer {
    private static let contractions: [[Unicode.Scalar]] = ["s", "t", "re", "ve", "m", "ll", "d"].map { Array($0.unicodeScalars) }

    static func pieces(of text: String) -> [Substring] {
        let scalars = Array(text.unicodeScalars)
        var boundaries: [Int] = [0]
        var position = 0
        while position < scalars.count {
            position += matchLength(scalars, at: position)
            boundaries.append(position)
        }
        // Map scalar offsets back to String indices.
        var result: [Substring] = []
        result.reserveCapacity(boundaries.count - 1)
        var index = text.unicodeScalars.startIndex
        var offset = 0
        for boundary in boundaries.dropFirst() {
            let start = index
            while offset < boundary { index = text.unicodeScalars.index(after: index); offset += 1 }
            result.append(Substring(text.unicodeScalars[start..<index]))
        }
        return result
    }

    /// Length, in scalars, of the piece that starts at `start` (always ≥ 1).
    private static func matchLength(_ s: [Unicode.Scalar], at start: Int) -> Int {
        let count = s.count
        if s[start] == "'" {
            for suffix in contractions where start + 1 + suffix.count <= count
                && s[(start + 1)..<(start + 1 + suffix.count)].elementsEqual(suffix) {
                return 1 + suffix.count
            }
        }
        // ' ?\p{L}+', ' ?\p{N}+', ' ?[^\s\p{L}\p{N}]+'
        let body = s[start] == " " ? start + 1 : start
        if body < count {
            let kind = classify(s[body])
            if kind != .space {
                var end = body + 1
                while end < count, classify(s[end]) == kind { end += 1 }
                return end - start
            }
        }
        // '\s+(?!\S)' then '\s+'
        var end = start
        while end < count, classify(s[end]) == .space { end += 1 }
        let run = end - start
        if end == count || run == 1 { return run }
        return run - 1
    }

    private enum Kind { case letter, number, space, other }

    private static func classify(_ scalar: Unicode.Scalar) -> Kind {
        let properties = scalar.properties
        if properties.isWhitespace { return .space }
        switch properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: return .letter
        case .decimalNumber, .letterNumber, .otherNumber: return .number
        default: return .other
        }
    }
}
