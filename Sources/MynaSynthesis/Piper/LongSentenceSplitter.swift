/// Cuts a sentence's phonemes into pieces of at most `maxPhonemes` symbols, so that a sentence of any length is
/// synthesized in passes of bounded memory. VITS attends over the whole sentence in one forward pass (its text
/// encoder's attention is quadratic in the number of phoneme ids, the decoder linear in the audio), and espeak-ng
/// makes one sentence of text without `.` `?` `!`: each 4,000-character block of it (`TextBlocks`) became one
/// sentence of about 4,300 phonemes, and 10,000 such characters took 2.6 GB peak. Piper itself (piper-tts 1.8.0,
/// libpiper) synthesizes each sentence whole, however long; this splitter is Myna's own.
///
/// Where to cut, in order of preference:
/// 1. after a clause mark and its space (`, ` `; ` `: `, as `ClauseTerminator.suffix` leaves them), in the second
///    half of the allowed window, so the model ends the piece where a speaker would pause anyway;
/// 2. after a space between words;
/// 3. inside a word, only when a single "word" is longer than the bound (raw `[[ … ]]` phonemes, long digit runs).
/// Among candidates the one nearest to an even share of what is left is taken, so that 450 phonemes become two
/// pieces of about 225 rather than 400 and a stub of 50 (a stub would be said in its own intonation).
///
/// The space at a cut stays at the end of the earlier piece: the pieces joined give back the sentence exactly.
/// Sentences up to the bound are one piece, untouched.
enum LongSentenceSplitter {
    /// Clause marks that `ClauseTerminator.suffix` follows with a space.
    static let clauseMarks: Set<String> = [",", ";", ":"]

    /// The pieces of `phonemes` as index ranges that tile `0..<phonemes.count`, each at most `maxPhonemes` long.
    static func pieces(of phonemes: [String], maxPhonemes: Int) -> [Range<Int>] {
        precondition(maxPhonemes >= 1, "maxPhonemes must be at least 1")
        var ranges: [Range<Int>] = []
        var start = 0
        while phonemes.count - start > maxPhonemes {
            let end = cut(phonemes, from: start, maxPhonemes: maxPhonemes)
            ranges.append(start..<end)
            start = end
        }
        ranges.append(start..<phonemes.count)
        return ranges
    }

    /// The end of the next piece starting at `start`, when more than `maxPhonemes` symbols are left.
    private static func cut(_ phonemes: [String], from start: Int, maxPhonemes: Int) -> Int {
        let remaining = phonemes.count - start
        let piecesLeft = (remaining + maxPhonemes - 1) / maxPhonemes
        // An even share is more than half the bound whenever more than the bound is left.
        let target = start + (remaining + piecesLeft - 1) / piecesLeft
        let limit = start + maxPhonemes
        // A cut c ends the piece start..<c; it follows a space (c - 1), never leaves a piece of the space alone.
        func isWordCut(_ c: Int) -> Bool { phonemes[c - 1] == " " && c - 1 > start }
        func isClauseCut(_ c: Int) -> Bool { isWordCut(c) && clauseMarks.contains(phonemes[c - 2]) }
        func nearest(in window: ClosedRange<Int>, where accept: (Int) -> Bool) -> Int? {
            window.filter(accept).min { abs($0 - target) < abs($1 - target) }
        }
        let secondHalf = (start + (maxPhonemes + 1) / 2)...limit
        return nearest(in: secondHalf, where: isClauseCut)
            ?? nearest(in: (start + 1)...limit, where: isWordCut)
            ?? target
    }
}
