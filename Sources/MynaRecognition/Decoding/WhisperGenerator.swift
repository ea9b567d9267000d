import MynaCore
import MynaNN
import MynaTensor
#if canImport(Glibc)
import Glibc
#endif

/// One decoding attempt on one 30 s window.
struct WhisperGeneration: Sendable {
    /// Generated tokens without the prompt and without the final `<|endoftext|>`.
    var tokens: [Int]
    /// Sum of the chosen tokens' log-probabilities, the end token included when it was reached.
    var sumLogProb: Double
    /// Probability of `<|nospeech|>` at the start-of-transcript position.
    var noSpeechProb: Double
    var temperature: Double

    /// faster-whisper's `avg_logprob`: CTranslate2 returns `sum / length`, faster-whisper multiplies it back and
    /// divides by `length + 1` (the end token).
    var avgLogProb: Double { sumLogProb / Double(tokens.count + 1) }
}

/// Greedy decoding and temperature sampling over a prompt, as CTranslate2's `WhisperReplica::generate` with
/// `GreedySearch` does it (whisper.cc, decoding.cc): the prompt minus its last token is run first; the no-speech
/// probability is the softmax of `<|nospeech|>` at the start-of-transcript position, before any suppression;
/// each step's logits go through `WhisperLogitFilter`, then a log-softmax, then argmax (or a sample).
struct WhisperGenerator {
    let model: WhisperModel
    let config: WhisperGenerationConfig

    /// CTranslate2's and faster-whisper's `max_length` (448 decoder positions).
    var maxLength: Int { model.decoder.textContext }

    /// Decodes `count` sequences after `prompt` as one batch: one greedy sequence at temperature 0, or `count`
    /// independent samples at a higher temperature (faster-whisper's `best_of`, CTranslate2 `num_hypotheses`).
    /// The prompt is run once and its cache replicated; finished sequences leave the batch.
    /// - Throws: `CancellationError` when the calling task is cancelled, checked before every step (one token per
    ///   sequence), so an obsolete decode stops within one token instead of at the end of its window.
    func generate(crossKeyValues: [KVCache], prompt: [Int], options: WhisperDecodingOptions, temperature: Double,
                  count: Int = 1, random: inout SplitMix64) throws -> [WhisperGeneration] {
        let special = model.tokenizer.special
        let decoder = model.decoder
        var primed = prime(crossKeyValues: crossKeyValues, prompt: prompt)
        var noSpeechProb = primed.noSpeechProb
        let promptLength = primed.promptLength
        if count > 1 { primed.state.reorder(sources: Array(repeating: 0, count: count)) }
        let filter = logitFilter(prompt: prompt, promptLength: promptLength, options: options)

        // Positions left after the whole prompt (a forced prefix after the start sequence included).
        let maxSteps = min(maxLength / 2, maxLength - (prompt.count - 1))
        var results = [WhisperGeneration](repeating: WhisperGeneration(tokens: [], sumLogProb: 0, noSpeechProb: 0,
                                                                       temperature: temperature), count: count)
        var alive = Array(0..<count)                     // result index of each batch row
        var next = [[Int]](repeating: Array(prompt[(promptLength - 1)...]), count: count)
        for step in 0..<maxSteps {
            try Task.checkCancellation()
            let logits = decoder.logits(next, state: &primed.state)      // (alive, new, vocabulary)
            let vocabulary = logits.shape[2], positions = logits.shape[1]
            let rows = logits.reshaped([alive.count * positions, vocabulary])
            var stillAlive: [Int] = []
            var survivors: [Int] = []
            var nextTokens: [[Int]] = []
            for (row, index) in alive.enumerated() {
                // Only the last position of each sequence matters (the first step may carry several start tokens).
                var scores = rows.row(row * positions + positions - 1)
                if step == 0 && noSpeechProb == nil { noSpeechProb = softmaxProbability(scores, of: special.noSpeech) }
                let (token, logProb) = scores.withUnsafeMutableBufferPointer { values -> (Int, Float) in
                    filter.apply(step: step, generated: results[index].tokens, logits: values)
                    logSoftmaxInPlace(values)
                    let token = temperature > 0 ? sample(values, temperature: temperature, random: &random) : argmax(values)
                    return (token, values[token])
                }
                results[index].sumLogProb += Double(logProb)
                if token == special.endOfText { continue }
                results[index].tokens.append(token)
                stillAlive.append(index)
                survivors.append(row)
                nextTokens.append([token])
            }
            if stillAlive.isEmpty { break }
            if survivors.count != alive.count { primed.state.reorder(sources: survivors) }
            alive = stillAlive
            next = nextTokens
        }
        for index in results.indices { results[index].noSpeechProb = noSpeechProb ?? 0 }
        return results
    }

    /// A decoder state that has run the prompt up to (not including) its last token, as CTranslate2 does before
    /// decoding, with the no-speech probability when the start-of-transcript token was part of that run.
    struct PrimedPrompt {
        var state: WhisperDecoderState
        var promptLength: Int
        var startStep: Int
        var noSpeechProb: Double?
    }

    func prime(crossKeyValues: [KVCache], prompt: [Int]) -> PrimedPrompt {
        let special = model.tokenizer.special
        let decoder = model.decoder
        let sotIndex = prompt.firstIndex(of: special.startOfTranscript) ?? 0
        var promptLength = sotIndex
        while promptLength < prompt.count, (special.startOfTranscript...special.noTimestamps).contains(prompt[promptLength]) {
            promptLength += 1
        }
        var state = decoder.makeState(crossKeyValues: crossKeyValues)
        var noSpeechProb: Double?
        var startStep = 0
        if promptLength > 1 {
            let forwarded = Array(prompt[..<(promptLength - 1)])
            let hidden = decoder.hiddenStates([forwarded], state: &state)
            if sotIndex != promptLength - 1 {
                let row = hidden.reshaped([forwarded.count, hidden.shape[2]]).rows(sotIndex..<(sotIndex + 1))
                noSpeechProb = softmaxProbability(decoder.logits(hidden: row), of: special.noSpeech)
            }
            startStep = forwarded.count
        }
        return PrimedPrompt(state: state, promptLength: promptLength, startStep: startStep, noSpeechProb: noSpeechProb)
    }

    func logitFilter(prompt: [Int], promptLength: Int, options: WhisperDecodingOptions) -> WhisperLogitFilter {
        let special = model.tokenizer.special
        return WhisperLogitFilter(
            special: special, suppressed: options.suppressConfigTokens ? config.suppressIDs : [],
            suppressedAtBegin: options.suppressBlank ? config.suppressIDsBegin : [],
            usesTimestamps: prompt[promptLength - 1] != special.noTimestamps,
            maxInitialTimestamp: special.timestampBegin
                + Int((options.maxInitialTimestamp / WhisperSpecialTokens.timestampStepSeconds).rounded(.toNearestOrEven)),
            lastTimestamp: model.configuration.vocabularySize - 1)
    }

    func softmaxProbability(_ logits: Tensor, of token: Int) -> Double {
        logits.withUnsafeBufferPointer { values in
            var maximum = -Float.infinity
            for v in values where v > maximum { maximum = v }
            var sum: Double = 0
            for v in values { sum += Double(expf(v - maximum)) }
            return Double(expf(values[token] - maximum)) / sum
        }
    }

    func logSoftmaxInPlace(_ values: UnsafeMutableBufferPointer<Float>) {
        var maximum = -Float.infinity
        for v in values where v > maximum { maximum = v }
        var sum: Float = 0
        for v in values { sum += expf(v - maximum) }
        let shift = maximum + logf(sum)
        for i in values.indices { values[i] -= shift }
    }

    func argmax(_ values: UnsafeMutableBufferPointer<Float>) -> Int {
        var best = 0
        for i in values.indices where values[i] > values[best] { best = i }
        return best
    }

    /// A draw from `softmax(logProbs / temperature)`.
    private func sample(_ logProbs: UnsafeMutableBufferPointer<Float>, temperature: Double, random: inout SplitMix64) -> Int {
        var maximum = -Float.infinity
        for v in logProbs where v > maximum { maximum = v }
        var weights = [Double](repeating: 0, count: logProbs.count)
        var total = 0.0
        for i in logProbs.indices {
            let w = exp(Double(logProbs[i] - maximum) / temperature)
            weights[i] = w
            total += w
        }
        var target = random.nextUnitInterval() * total
        for i in weights.indices {
            target -= weights[i]
            if target <= 0 && weights[i] > 0 { return i }
        }
        return argmax(logProbs)
    }
}
