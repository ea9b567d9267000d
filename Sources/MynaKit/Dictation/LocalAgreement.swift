import MynaRecognition

/// LocalAgreement-2 (Macháček, Dabre & Bojar 2023, "Turning Whisper into Real-Time Transcription System"): of two
/// consecutive hypotheses of the same growing audio, the words they agree on from the start are stable and can be
/// committed; the rest stays tentative. Works on token ids, cut at word starts (tokens whose text begins with a
/// space), so committed text is always whole words and never splits a UTF-8 sequence.
struct LocalAgreement {
    let tokenizer: WhisperTokenizer

    /// The token ranges of the words of `tokens`: a word starts at a token beginning with a space (or at the first
    /// token), and runs to the next.
    func words(_ tokens: ArraySlice<Int>) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var start = tokens.startIndex
        for index in tokens.indices where index > tokens.startIndex && startsWord(tokens[index]) {
            ranges.append(start..<index)
            start = index
        }
        if start < tokens.endIndex { ranges.append(start..<tokens.endIndex) }
        return ranges
    }

    /// How many tokens of `newer` (from its start) two hypotheses agree on in whole words: the longest common run of
    /// words with the same text, ignoring only the space before them, and never the last word of `newer` (the audio
    /// may end inside it, and Whisper marks a cut-off end with punctuation: "slightly..." becomes "slightly lower"
    /// a second later).
    func agreedTokenCount(_ older: ArraySlice<Int>, _ newer: ArraySlice<Int>) -> Int {
        let olderWords = words(older), newerWords = words(newer).dropLast()
        var agreed = 0
        for (a, b) in zip(olderWords, newerWords) {
            guard wordText(older[a]) == wordText(newer[b]) else { break }
            agreed = b.upperBound - newer.startIndex
        }
        return agreed
    }

    /// How many tokens of `hypothesis` (from its start) hold the words of `committed`, when its first words are
    /// exactly those words (the same text, ignoring only the space before them); nil when they differ or it has fewer
    /// words. The tokens after that count continue the committed text, whatever tokens spelled it.
    func tokenCount(covering committed: ArraySlice<Int>, in hypothesis: ArraySlice<Int>) -> Int? {
        let committedWords = words(committed), hypothesisWords = words(hypothesis)
        guard committedWords.count <= hypothesisWords.count else { return nil }
        var covered = 0
        for (a, b) in zip(committedWords, hypothesisWords) {
            guard wordText(committed[a]) == wordText(hypothesis[b]) else { return nil }
            covered = b.upperBound - hypothesis.startIndex
        }
        return covered
    }

    private func startsWord(_ token: Int) -> Bool {
        tokenizer.bytes(of: [token]).first == 0x20
    }

    private func wordText(_ tokens: ArraySlice<Int>) -> String {
        var bytes = tokenizer.bytes(of: Array(tokens))
        if bytes.first == 0x20 { bytes.removeFirst() }
        return String(decoding: bytes, as: UTF8.self)
    }
}
