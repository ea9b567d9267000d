/// Deterministic text without punctuation, the input that makes espeak-ng produce one huge sentence: words from a
/// fixed list picked by a seeded generator, joined by single spaces.
public enum UnpunctuatedText {
    public static let words = """
        the river carried small boats past quiet villages where people worked in green fields and children played \
        near old stone bridges while birds sang above
        """.split(separator: " ").map(String.init)

    /// At most `characters` characters, and more than `characters` − 10 (the longest word has 9 letters).
    public static func make(characters: Int, seed: UInt64 = 15) -> String {
        var generator = SeededGenerator(seed: seed)
        var text = ""
        while true {
            let word = words.randomElement(using: &generator)!
            guard text.count + word.count + 1 <= characters else { return text }
            text += text.isEmpty ? word : " " + word
        }
    }
}
