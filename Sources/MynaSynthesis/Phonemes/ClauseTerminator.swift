/// The punctuation that ended a clause and whether it ended a sentence, as Piper keeps them (`piper-tts`'s
/// `phonemize_espeak.py`, from espeak-ng's clause type): `.`, `?` and `!` end a sentence; `,`, `:` and `;` do not
/// (and are followed by a space); an ellipsis or a break without punctuation leaves no mark. The end of the text
/// and a blank line end a sentence.
///
/// Debian's espeak-ng 1.51 does not report the clause type, so it is read from the clause's own text.
struct ClauseTerminator: Equatable {
    /// The mark appended to the clause's phonemes ("" for none).
    var mark: String
    var endsSentence: Bool

    /// Closing quotes and brackets that may follow the punctuation (`"stop."`).
    private static let closers: Set<Character> = ["\"", "'", "”", "’", ")", "]", "}", "»", "›"]
    private static let marks: Set<Character> = [".", "?", "!", ",", ":", ";", "…"]

    /// The terminator of a clause whose source text is `text` (the last clause of the text when `isLast`).
    init(clauseText text: String, isLast: Bool) {
        let trimmed = text.reversed().drop { $0.isWhitespace }
        let trailingSpace = text.reversed().prefix { $0.isWhitespace }
        let blankLine = trailingSpace.filter(\.isNewline).count >= 2
        let core = trimmed.drop { Self.closers.contains($0) }
        let run = String(core.prefix { Self.marks.contains($0) }.reversed())
        guard let first = run.first else {
            self.init(mark: "", endsSentence: isLast || blankLine)
            return
        }
        if run.contains("…") || run.hasPrefix("..") {
            self.init(mark: "", endsSentence: isLast || blankLine)  // an ellipsis pauses without ending
            return
        }
        switch first {
        case ".": self.init(mark: ".", endsSentence: true)
        case "?": self.init(mark: "?", endsSentence: true)
        case "!": self.init(mark: "!", endsSentence: true)
        default: self.init(mark: String(first), endsSentence: isLast || blankLine)
        }
    }

    init(mark: String, endsSentence: Bool) {
        self.mark = mark
        self.endsSentence = endsSentence
    }

    /// Clause marks that do not end a sentence are followed by a space, as in Piper.
    var suffix: String { [",", ":", ";"].contains(mark) ? mark + " " : mark }
}
