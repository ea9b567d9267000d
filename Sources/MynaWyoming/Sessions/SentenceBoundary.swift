/// Splits streamed text (`synthesize-chunk`s) at the end of its last complete sentence, so each sentence can be
/// spoken as soon as its end has arrived, while the rest waits for more text.
struct SentenceBoundary {
    private(set) var pending = ""

    /// Adds `text`; returns the complete sentences now pending (nil when none is complete yet).
    ///
    /// A sentence is complete at `.`, `!`, `?`, `…` (or their CJK forms), possibly followed by closing quotes or
    /// brackets, when whitespace follows: "3.5" and "e.g." inside a word wait for more text.
    mutating func append(_ text: String) -> String? {
        pending += text
        var cut: String.Index?
        var index = pending.startIndex
        while index < pending.endIndex {
            let character = pending[index]
            if Self.terminators.contains(character) {
                var end = pending.index(after: index)
                while end < pending.endIndex, Self.closers.contains(pending[end]) { end = pending.index(after: end) }
                if end < pending.endIndex, pending[end].isWhitespace { cut = end }
                if Self.wideTerminators.contains(character) { cut = end }
                index = end
            } else {
                index = pending.index(after: index)
            }
        }
        guard let cut else { return nil }
        let complete = String(pending[..<cut])
        pending = String(pending[cut...])
        return complete.allSatisfy(\.isWhitespace) ? nil : complete
    }

    /// Whatever is left at the end of the stream (nil when only whitespace).
    mutating func finish() -> String? {
        defer { pending = "" }
        return pending.allSatisfy(\.isWhitespace) ? nil : pending
    }

    private static let terminators: Set<Character> = [".", "!", "?", "…", "。", "！", "？"]
    /// Terminators that end a sentence without a space after them.
    private static let wideTerminators: Set<Character> = ["。", "！", "？"]
    private static let closers: Set<Character> = ["\"", "'", "”", "’", ")", "]", "»", "」"]
}
