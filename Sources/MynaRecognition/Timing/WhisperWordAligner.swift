import MynaNN
import MynaTensor
#if canImport(Glibc)
import Glibc
#endif

/// Times the words of one 30 s window from the decoder's cross-attention (openai-whisper `timing.find_alignment`;
/// faster-whisper 1.2.1 `WhisperModel.find_alignment` over CTranslate2 `WhisperReplica::align`):
///
/// 1. one teacher-forced decoder pass over `[sot sequence, <|notimestamps|>, text tokens, <|endoftext|>]`, keeping
///    the cross-attention scores of the alignment heads only, `[heads, tokens, 1500]`;
/// 2. the audio positions that hold the window's audio (`frames / 2`), a softmax over them, a z-score over the token
///    axis per head, a median filter of width 7 along time, the mean over heads;
/// 3. DTW through the rows from `<|notimestamps|>` to the last text token; the first audio position of each row is
///    where that token starts (20 ms per position);
/// 4. words as the tokenizer splits them, each from its first token's start to the next word's start, with the mean
///    probability of its tokens (softmax over the text vocabulary, as CTranslate2 computes it).
public struct WhisperWordAligner: Sendable {
    public let model: WhisperModel
    public let heads: [WhisperAlignmentHead]
    /// openai-whisper's and faster-whisper's `median_filter_width`.
    public static let medianFilterWidth = 7
    /// Seconds per encoder position (`1 / tokens_per_second`).
    public static let secondsPerPosition = 0.02

    public init(model: WhisperModel, heads: [WhisperAlignmentHead]?) {
        self.model = model
        let configuration = model.configuration
        self.heads = heads ?? WhisperAlignmentHead.fallback(layerCount: configuration.decoderLayerCount,
                                                           headCount: configuration.decoderHeadCount)
    }

    /// Words of `textTokens` (no timestamps) decoded after `sotSequence` on the window whose cross-attention keys and
    /// values are `crossKeyValues`, holding `frames` mel frames of audio; times from the window's start.
    public func align(crossKeyValues: [KVCache], sotSequence: [Int], textTokens: [Int], frames: Int,
                      language: String) -> [WhisperWordTiming] {
        guard !textTokens.isEmpty else { return [] }
        let special = model.tokenizer.special
        let (words, wordTokens) = WhisperWordSplitter(tokenizer: model.tokenizer, language: language)
            .split(textTokens + [special.endOfText])
        guard wordTokens.count > 1 else { return [] }

        let tokens = sotSequence + [special.noTimestamps] + textTokens + [special.endOfText]
        let (matrix, positions, probabilities) = attentionMatrix(crossKeyValues: crossKeyValues, tokens: tokens,
                                                                 frames: frames, textStart: sotSequence.count)
        // Rows from <|notimestamps|> to the last text token (the end token's row is left out, as upstream).
        guard positions > 0 else { return [] }
        let offset = sotSequence.count
        let rows = tokens.count - offset - 1
        let path = WordAlignmentSignal.negativeDTW(Array(matrix[(offset * positions)..<((offset + rows) * positions)]),
                                                   rows: rows, columns: positions)
        // The first audio position of each row ("jumps" where the text index changes).
        var jumpTimes: [Double] = []
        var previousRow = -1
        for step in path where step.row != previousRow {
            jumpTimes.append(Double(step.column) / 50)
            previousRow = step.row
        }

        // A path that missed rows (more tokens than audio positions: a window of a few frames) times nothing.
        guard jumpTimes.count == rows else { return [] }
        var timings: [WhisperWordTiming] = []
        var boundary = 0
        for index in 0..<(wordTokens.count - 1) {
            let next = boundary + wordTokens[index].count
            let mean = probabilities[boundary..<next].reduce(0.0) { $0 + Double($1) } / Double(next - boundary)
            timings.append(WhisperWordTiming(word: words[index], tokens: wordTokens[index], start: jumpTimes[boundary],
                                             end: jumpTimes[next], probability: mean))
            boundary = next
        }
        return timings
    }

    /// The mean over heads of the filtered, normalised attention, `[tokens.count, positions]` row-major, the number of
    /// audio positions, and the probability of each text token (the token after each position from `textStart`).
    func attentionMatrix(crossKeyValues: [KVCache], tokens: [Int], frames: Int,
                         textStart: Int) -> (matrix: [Float], positions: Int, probabilities: [Float]) {
        let decoder = model.decoder
        var state = decoder.makeState(crossKeyValues: crossKeyValues)
        let byLayer = Dictionary(grouping: heads, by: \.layer)
        let totalPositions = crossKeyValues.first?.length ?? 0
        let positions = min(frames / 2, totalPositions)      // the second convolution has stride 2
        let n = tokens.count
        // (heads, tokens, positions): each head's scores over the audio positions only.
        var weights = [Float](repeating: 0, count: heads.count * n * positions)
        var headIndex = 0
        let hidden = decoder.hiddenStates([tokens], state: &state) { layer, input in
            guard let layerHeads = byLayer[layer] else { return }
            let scores = decoder.layers[layer].crossAttention.scores(input, keyValues: crossKeyValues[layer],
                                                                     heads: layerHeads.map(\.head))
            scores.withUnsafeBufferPointer { s in
                for h in 0..<layerHeads.count {
                    for t in 0..<n {
                        let source = (h * n + t) * totalPositions, target = (headIndex * n + t) * positions
                        for p in 0..<positions { weights[target + p] = s[source + p] }
                    }
                    headIndex += 1
                }
            }
        }
        WordAlignmentSignal.softmaxRows(&weights, rows: heads.count * n, columns: positions)
        WordAlignmentSignal.normalizeOverTokens(&weights, blocks: heads.count, tokens: n, frames: positions)
        let filtered = WordAlignmentSignal.medianFilter(weights, rows: heads.count * n, columns: positions,
                                                        width: Self.medianFilterWidth)
        var matrix = [Float](repeating: 0, count: n * positions)
        for h in 0..<heads.count {
            for i in 0..<(n * positions) { matrix[i] += filtered[h * n * positions + i] }
        }
        for i in matrix.indices { matrix[i] /= Float(heads.count) }

        // Text token probabilities: softmax over the text vocabulary (ids below <|endoftext|>) at each position.
        let textCount = n - textStart - 2
        let d = hidden.shape[2]
        let rows = hidden.reshaped([n, d]).rows(textStart..<(textStart + textCount))
        let logits = decoder.logits(hidden: rows)                               // (textCount, vocabulary)
        let vocabulary = logits.shape[1], textVocabulary = model.tokenizer.special.endOfText
        var probabilities: [Float] = []
        logits.withUnsafeBufferPointer { l in
            for t in 0..<textCount {
                let line = l.baseAddress! + t * vocabulary
                var maximum = -Float.infinity
                for v in 0..<textVocabulary where line[v] > maximum { maximum = line[v] }
                var sum: Float = 0
                for v in 0..<textVocabulary { sum += expf(line[v] - maximum) }
                probabilities.append(expf(line[tokens[textStart + 1 + t]] - maximum) / sum)
            }
        }
        return (matrix, positions, probabilities)
    }
}
