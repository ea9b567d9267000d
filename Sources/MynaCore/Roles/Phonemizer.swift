/// The phonemes of one sentence of text, as a phonemizer splits them: one string per phoneme symbol (a Unicode
/// scalar after NFD decomposition, so stress marks and diacritics are symbols of their own, as Piper has them),
/// with clause punctuation and word spaces kept as symbols.
public struct PhonemeSentence: Sendable, Equatable {
    /// The phoneme symbols in order.
    public var phonemes: [String]

    public init(phonemes: [String]) {
        self.phonemes = phonemes
    }

    /// The symbols joined: the sentence's IPA string.
    public var text: String { phonemes.joined() }
}

/// Turns text into phonemes, one `PhonemeSentence` per sentence (DESIGN.md §2).
///
/// Implementations say whether they may be called from several threads at once.
public protocol Phonemizer: Sendable {
    /// Phonemes of `text`, sentence by sentence; empty when the text holds nothing to speak.
    func phonemize(_ text: String) throws -> [PhonemeSentence]
}
