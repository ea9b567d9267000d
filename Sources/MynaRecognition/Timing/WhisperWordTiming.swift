/// One word of a 30 s window as the alignment times it, before it is placed in a segment: times in seconds from the
/// window's start (multiples of 20 ms), `tokens` the text tokens it spans (empty once its text was merged into a
/// neighbour as punctuation).
public struct WhisperWordTiming: Sendable, Equatable {
    public var word: String
    public var tokens: [Int]
    public var start: Double
    public var end: Double
    /// Mean probability of its tokens under teacher forcing.
    public var probability: Double

    public init(word: String, tokens: [Int], start: Double, end: Double, probability: Double) {
        self.word = word
        self.tokens = tokens
        self.start = start
        self.end = end
        self.probability = probability
    }

    /// faster-whisper's `prepend_punctuations` default: merged into the word after them.
    public static let prependedPunctuation = "\"'“¿([{-"
    /// faster-whisper's `append_punctuations` default: merged into the word before them.
    public static let appendedPunctuation = "\"'.。,，!！?？:：”)]}、"

    /// Python's `needle in haystack` for strings: a substring test, true for the empty needle.
    static func pythonContains(_ haystack: String, _ needle: String) -> Bool {
        needle.isEmpty || haystack.range(of: needle) != nil
    }

    /// faster-whisper `merge_punctuations` (openai-whisper `timing.merge_punctuations`): a word that starts with a
    /// space and is only prepended punctuation joins the word after it (scanning from the end); then a word that is
    /// only appended punctuation joins the word before it unless that one ends with a space (scanning from the
    /// start). Merged-away entries stay in place with empty text and no tokens. Membership is Python's substring
    /// test, as upstream.
    public static func mergePunctuations(_ alignment: inout [WhisperWordTiming],
                                         prepended: String = prependedPunctuation,
                                         appended: String = appendedPunctuation) {
        guard alignment.count >= 2 else { return }
        var i = alignment.count - 2, j = alignment.count - 1
        while i >= 0 {
            let previous = alignment[i]
            if previous.word.hasPrefix(" ") && pythonContains(prepended, PythonText.strip(previous.word)) {
                alignment[j].word = previous.word + alignment[j].word
                alignment[j].tokens = previous.tokens + alignment[j].tokens
                alignment[i].word = ""
                alignment[i].tokens = []
            } else {
                j = i
            }
            i -= 1
        }
        i = 0
        j = 1
        while j < alignment.count {
            let following = alignment[j]
            if !alignment[i].word.hasSuffix(" ") && pythonContains(appended, following.word) {
                alignment[i].word += following.word
                alignment[i].tokens += following.tokens
                alignment[j].word = ""
                alignment[j].tokens = []
            } else {
                i = j
            }
            j += 1
        }
    }
}
