/// Splits text tokens into words as Whisper's tokenizer does (`Tokenizer.split_to_word_tokens` in openai-whisper
/// and faster-whisper): at spaces and punctuation, or, for languages written without spaces, wherever the tokens so
/// far decode to whole characters.
public struct WhisperWordSplitter: Sendable {
    public let tokenizer: WhisperTokenizer
    /// The language of the text (its code, as "en").
    public let language: String

    /// Languages split per character (`{"zh", "ja", "th", "lo", "my", "yue"}` upstream).
    public static let languagesWithoutSpaces: Set<String> = ["zh", "ja", "th", "lo", "my", "yue"]

    /// Python's `string.punctuation`.
    static let asciiPunctuation = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"

    public init(tokenizer: WhisperTokenizer, language: String) {
        self.tokenizer = tokenizer
        self.language = language
    }

    /// Words and the tokens of each (`tokens` may end with `<|endoftext|>`, which becomes a word of its own with
    /// empty text, as upstream).
    public func split(_ tokens: [Int]) -> (words: [String], tokens: [[Int]]) {
        Self.languagesWithoutSpaces.contains(language) ? splitOnUnicode(tokens) : splitOnSpaces(tokens)
    }

    /// `split_tokens_on_unicode`: a word ends at each token after which the text decodes without a replacement
    /// character that the whole text does not also have at that place.
    func splitOnUnicode(_ tokens: [Int]) -> (words: [String], tokens: [[Int]]) {
        let replacement: Unicode.Scalar = "\u{FFFD}"
        let full = Array(tokenizer.decode(tokens).unicodeScalars)
        var words: [String] = []
        var wordTokens: [[Int]] = []
        var current: [Int] = []
        var offset = 0
        for token in tokens {
            current.append(token)
            let decoded = tokenizer.decode(current)
            let scalars = Array(decoded.unicodeScalars)
            let index = scalars.firstIndex(of: replacement).map { $0 + offset }
            if index == nil || (index! < full.count && full[index!] == replacement) {
                words.append(decoded)
                wordTokens.append(current)
                current = []
                offset += scalars.count
            }
        }
        return (words, wordTokens)
    }

    /// `split_tokens_on_spaces`: pieces that start with a space, are punctuation or special tokens begin a word; other
    /// pieces join the word before them.
    func splitOnSpaces(_ tokens: [Int]) -> (words: [String], tokens: [[Int]]) {
        let (subwords, subwordTokens) = splitOnUnicode(tokens)
        var words: [String] = []
        var wordTokens: [[Int]] = []
        for (subword, pieceTokens) in zip(subwords, subwordTokens) {
            let special = pieceTokens[0] >= tokenizer.special.endOfText
            let withSpace = subword.hasPrefix(" ")
            let punctuation = WhisperWordTiming.pythonContains(Self.asciiPunctuation, PythonText.strip(subword))
            if special || withSpace || punctuation || words.isEmpty {
                words.append(subword)
                wordTokens.append(pieceTokens)
            } else {
                words[words.count - 1] += subword
                wordTokens[wordTokens.count - 1] += pieceTokens
            }
        }
        return (words, wordTokens)
    }
}
