/// Splits text at `[[ … ]]` raw-phoneme blocks (Piper's `_PHONEME_BLOCK_PATTERN`, `\[\[.*?\]\]`).
enum RawPhonemeBlocks {
    enum Part: Equatable {
        case text(String)
        /// The block's phonemes (trimmed), and whether the text before ends / the text after starts with a space.
        case raw(String, spaceBefore: Bool, spaceAfter: Bool)
    }

    static func split(_ text: String) -> [Part] {
        guard text.contains("[[") else { return [.text(text)] }
        var pieces: [(isRaw: Bool, text: Substring)] = []
        var rest = text[...]
        while let open = rest.range(of: "[["), let close = rest[open.upperBound...].range(of: "]]") {
            pieces.append((false, rest[..<open.lowerBound]))
            pieces.append((true, rest[open.upperBound..<close.lowerBound]))
            rest = rest[close.upperBound...]
        }
        pieces.append((false, rest))
        var parts: [Part] = []
        for (index, piece) in pieces.enumerated() {
            if piece.isRaw {
                let before = index > 0 && pieces[index - 1].text.hasSuffix(" ")
                let after = index + 1 < pieces.count && pieces[index + 1].text.hasPrefix(" ")
                parts.append(.raw(piece.text.trimmingWhitespace(), spaceBefore: before, spaceAfter: after))
            } else if !piece.text.isEmpty {
                parts.append(.text(String(piece.text)))
            }
        }
        return parts
    }
}

extension Substring {
    func trimmingWhitespace() -> String {
        String(drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
    }
}
