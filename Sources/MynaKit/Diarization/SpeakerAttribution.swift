import MynaCore
import MynaSpeakers

/// Who says each word of a transcript, given the speaker turns of the same audio (`SpeakerDiarizer`), and the
/// segments cut where the speaker changes, so that one Whisper segment never gives two voices one label.
///
/// - A word (`start…end` s) goes to the speaker whose turns overlap it longest; a word no turn overlaps (Whisper's
///   times and the VAD's edges disagree by a few hundred ms) to the speaker of the nearest turn. Without turns
///   (silence, or no speech the diarizer could embed) nothing is labelled.
/// - A segment whose words change speaker becomes one segment per run of words of one speaker: the text is the run's
///   words, the times are the first and last word's (the first piece keeps the segment's start, the last its end),
///   the tokens are the text tokens of the run's words (the leading timestamp token goes with the first piece, the
///   closing one with the last); the decoding statistics (`seek`, `temperature`, `avg_logprob`, …) are the
///   segment's, shared by its pieces. A segment without words takes the speaker of its own span.
///
/// Thread-safety: immutable and `Sendable`.
public struct SpeakerAttribution: Sendable {
    /// The turns, by start time.
    public let turns: [SpeakerTurn]

    public init(turns: [SpeakerTurn]) {
        self.turns = turns.sorted { $0.start < $1.start }
    }

    /// The speaker of `start…end` seconds (see the type); nil when there are no turns.
    public func speaker(start: Double, end: Double) -> String? {
        var overlap: [String: Double] = [:]
        var nearest: (distance: Double, speaker: String)?
        for turn in turns {
            let shared = min(end, turn.end) - max(start, turn.start)
            if shared > 0 { overlap[turn.speaker, default: 0] += shared }
            // 0 inside the turn (also for a word of no duration), else the gap between the word and the turn.
            let distance = max(turn.start - end, start - turn.end, 0)
            if nearest == nil || distance < nearest!.distance { nearest = (distance, turn.speaker) }
        }
        // Ties in overlap go to the speaker who spoke first (dictionary order is not stable).
        if let best = overlap.max(by: { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }) { return best.key }
        return nearest?.speaker
    }

    /// `segment` with a speaker on it and on each of its words, cut where the speaker changes (see the type); the
    /// pieces are numbered from `firstID`.
    /// - Parameter textBytes: the UTF-8 length of a token's text (0 for timestamps and other special tokens), to
    ///   share the segment's tokens among its pieces.
    public func split(_ segment: TranscriptSegment, firstID: Int, textBytes: (Int) -> Int) -> [TranscriptSegment] {
        guard let words = segment.words, !words.isEmpty else {
            var labelled = segment
            labelled.id = firstID
            labelled.speaker = speaker(start: segment.start, end: segment.end)
            return [labelled]
        }
        let labelledWords = words.map { word in
            var word = word
            word.speaker = speaker(start: word.start, end: word.end)
            return word
        }
        // Runs of consecutive words of one speaker: (first word, past the last word).
        var runs: [Range<Int>] = []
        for index in labelledWords.indices {
            if let last = runs.last, labelledWords[last.lowerBound].speaker == labelledWords[index].speaker {
                runs[runs.count - 1] = last.lowerBound..<(index + 1)
            } else {
                runs.append(index..<(index + 1))
            }
        }
        let tokensPerRun = Self.shareTokens(segment.tokens, among: runs.map { labelledWords[$0].map(\.word) }, textBytes: textBytes)
        return runs.enumerated().map { number, run in
            var piece = segment
            piece.id = firstID + number
            piece.words = Array(labelledWords[run])
            piece.speaker = labelledWords[run.lowerBound].speaker
            piece.text = labelledWords[run].map(\.word).joined()
            piece.start = number == 0 ? segment.start : labelledWords[run.lowerBound].start
            piece.end = number == runs.count - 1 ? segment.end : labelledWords[run.upperBound - 1].end
            piece.tokens = tokensPerRun[number]
            return piece
        }
    }

    /// The tokens of each run of words: a token belongs to the run whose text holds its first byte; tokens without
    /// text (timestamps) belong to the run where they stand (the first, or past the end of the text, the last).
    static func shareTokens(_ tokens: [Int], among runs: [[String]], textBytes: (Int) -> Int) -> [[Int]] {
        // Byte offset where each run's text starts.
        var starts: [Int] = []
        var offset = 0
        for run in runs {
            starts.append(offset)
            offset += run.reduce(0) { $0 + $1.utf8.count }
        }
        var shared = [[Int]](repeating: [], count: runs.count)
        var position = 0
        for token in tokens {
            let run = starts.lastIndex { $0 <= position } ?? 0
            // A zero-width token at a boundary stays with the text before it, except before any text.
            let owner = textBytes(token) == 0 && position > 0 && starts[run] == position ? run - 1 : run
            shared[max(0, owner)].append(token)
            position += textBytes(token)
        }
        return shared
    }
}
