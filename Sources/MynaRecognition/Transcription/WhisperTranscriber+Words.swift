import MynaCore
import MynaNN

extension WhisperTranscriber {
    /// A segment of one window before it is reported: times in seconds from the start of the audio, its tokens
    /// (timestamps included) and, with word timestamps, its words.
    struct Piece {
        var start: Double
        var end: Double
        var tokens: [Int]
        var words: [TranscriptWord]?
    }

    /// Sentence-ending marks that bound the length of the words around them (faster-whisper's `sentence_end_marks`).
    static let sentenceEndMarks = ".。!！?？"

    /// faster-whisper 1.2.1 `add_word_timestamps` for one window: aligns the text of all its segments together, caps
    /// words longer than twice the median word (at most 0.7 s) at sentence ends, merges punctuation, hands the words
    /// to their segments by token count, then clamps each segment's first and last words (and the segment's times)
    /// as upstream does. `lastSpeechTimestamp` is the end of the speech before this window (upstream updates a copy
    /// from segment to segment inside; its caller keeps its own, as `transcribe` does).
    func addWordTimestamps(_ pieces: inout [Piece], aligner: WhisperWordAligner, crossKeyValues: [KVCache],
                           sotSequence: [Int], language: String, frames: Int, timeOffset: Double,
                           lastSpeechTimestamp: Double) {
        guard !pieces.isEmpty else { return }
        let endOfText = model.tokenizer.special.endOfText
        let textTokensPerPiece = pieces.map { $0.tokens.filter { $0 < endOfText } }
        var alignment = aligner.align(crossKeyValues: crossKeyValues, sotSequence: sotSequence,
                                      textTokens: textTokensPerPiece.flatMap { $0 }, frames: frames, language: language)

        let durations = alignment.map { $0.end - $0.start }.filter { $0 != 0 }
        let medianDuration = min(0.7, Self.median(durations))
        let maxDuration = medianDuration * 2
        if !durations.isEmpty {
            for i in alignment.indices.dropFirst() where alignment[i].end - alignment[i].start > maxDuration {
                if WhisperWordTiming.pythonContains(Self.sentenceEndMarks, alignment[i].word) {
                    alignment[i].end = alignment[i].start + maxDuration
                } else if WhisperWordTiming.pythonContains(Self.sentenceEndMarks, alignment[i - 1].word) {
                    alignment[i].start = alignment[i].end - maxDuration
                }
            }
        }
        WhisperWordTiming.mergePunctuations(&alignment)

        var lastSpeech = lastSpeechTimestamp
        var wordIndex = 0
        for (pieceIndex, textTokens) in textTokensPerPiece.enumerated() {
            var savedTokens = 0
            var words: [TranscriptWord] = []
            while wordIndex < alignment.count && savedTokens < textTokens.count {
                let timing = alignment[wordIndex]
                if !timing.word.isEmpty {
                    words.append(TranscriptWord(word: timing.word, start: Self.round2(timeOffset + timing.start),
                                                end: Self.round2(timeOffset + timing.end), probability: timing.probability))
                }
                savedTokens += timing.tokens.count
                wordIndex += 1
            }
            if !words.isEmpty {
                clampBoundaryWords(&words, piece: &pieces[pieceIndex], lastSpeechTimestamp: lastSpeech,
                                   medianDuration: medianDuration, maxDuration: maxDuration)
                lastSpeech = pieces[pieceIndex].end
            }
            pieces[pieceIndex].words = words
        }
    }

    /// faster-whisper's "truncate long words at segment boundaries": the first word (and second) after a pause are
    /// at most twice the median long; a first or last word reaching more than 0.5 s past the segment's timestamp is
    /// pulled back to it, otherwise the segment takes the word's time.
    private func clampBoundaryWords(_ words: inout [TranscriptWord], piece: inout Piece, lastSpeechTimestamp: Double,
                                    medianDuration: Double, maxDuration: Double) {
        if words[0].end - lastSpeechTimestamp > medianDuration * 4
            && (words[0].end - words[0].start > maxDuration
                || (words.count > 1 && words[1].end - words[0].start > maxDuration * 2)) {
            if words.count > 1 && words[1].end - words[1].start > maxDuration {
                let boundary = max(words[1].end / 2, words[1].end - maxDuration)
                words[0].end = boundary
                words[1].start = boundary
            }
            words[0].start = max(0, words[0].end - maxDuration)
        }
        if piece.start < words[0].end && piece.start - 0.5 > words[0].start {
            words[0].start = max(0, min(words[0].end - medianDuration, piece.start))
        } else {
            piece.start = words[0].start
        }
        let last = words.count - 1
        if piece.end > words[last].start && piece.end + 0.5 < words[last].end {
            words[last].end = max(words[last].start + medianDuration, piece.end)
        } else {
            piece.end = words[last].end
        }
    }

    /// Words moved inside their segment. faster-whisper lets a last word that runs more than 0.5 s past the segment's
    /// closing timestamp end at `max(start + median, segment end)`, which can still be after the segment (3 of 1122
    /// words on the dev set); Myna ends such a word at the segment's end, so that every word lies inside its segment.
    /// Applied to what is reported only: the next window's seek and the speech end follow faster-whisper's times.
    static func clamp(_ words: [TranscriptWord], start: Double, end: Double) -> [TranscriptWord] {
        words.map { word in
            var word = word
            word.start = min(max(word.start, start), end)
            word.end = min(max(word.end, word.start), end)
            return word
        }
    }

    /// faster-whisper's `get_end`: the end of the last word of the last segment that has words, else the end of the
    /// last segment, nil without segments.
    static func speechEnd(_ pieces: [Piece]) -> Double? {
        for piece in pieces.reversed() {
            if let last = piece.words?.last { return last.end }
        }
        return pieces.last?.end
    }

    /// numpy's `median` (the mean of the two middle values for an even count), 0 for no values.
    static func median(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    /// Python's `round(x, 2)`.
    static func round2(_ value: Double) -> Double { (value * 100).rounded(.toNearestOrEven) / 100 }
}
