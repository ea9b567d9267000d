/// Turns text into a model's token ids and back.
public protocol TextTokenizer: Sendable {
    /// Token ids for `text`, without any special tokens added.
    func encode(_ text: String) -> [Int]
    /// Text for `tokens`; special tokens are dropped, byte sequences split across tokens are joined before UTF-8 decoding.
    func decode(_ tokens: [Int]) -> String
}
