import Foundation

/// Cuts long text into blocks of at most `limit` characters at paragraph or sentence ends (else at a space), so that
/// a book-length input is phonemized and spoken block by block in bounded memory instead of all at once.
/// Texts up to the limit are one block, phonemized exactly as a whole.
struct TextBlocks: Sequence, IteratorProtocol {
    static let defaultLimit = 4000

    private var rest: Substring
    private let limit: Int

    init(_ text: String, limit: Int = TextBlocks.defaultLimit) {
        rest = text[...]
        self.limit = limit
    }

    mutating func next() -> String? {
        guard !rest.isEmpty else { return nil }
        guard rest.count > limit else {
            defer { rest = "" }
            return String(rest)
        }
        let window = rest.prefix(limit)
        var cut: Substring.Index?
        // Prefer a blank line, then the end of a sentence followed by whitespace, then any whitespace.
        if let range = window.range(of: "\n\n", options: .backwards) { cut = range.upperBound }
        if cut == nil {
            var index = window.endIndex
            while index > window.startIndex {
                let previous = window.index(before: index)
                if index < window.endIndex, window[index].isWhitespace, ".?!".contains(window[previous]) { cut = index; break }
                index = previous
            }
        }
        if cut == nil { cut = window.lastIndex(where: \.isWhitespace).map { window.index(after: $0) } }
        let end = cut.flatMap { $0 > rest.startIndex ? $0 : nil } ?? window.endIndex
        defer { rest = rest[end...] }
        return String(rest[..<end])
    }
}
