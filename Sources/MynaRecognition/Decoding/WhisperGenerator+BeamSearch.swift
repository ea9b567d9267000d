import MynaNN
#if canImport(Glibc)
import Glibc
#endif
import MynaTensor

extension WhisperGenerator {
    /// Beam search as CTranslate2's `BeamSearch::search` runs it for one sequence (decoding.cc): 2·beam candidates per
    /// step from the summed log-probabilities; a candidate among the first `beamSize` that ends (or reaches the last
    /// step) is registered as a hypothesis and its beam is refilled with the next candidate that does not end;
    /// search stops once `round(beamSize · patience)` hypotheses are registered; hypotheses are ranked by
    /// score / length^lengthPenalty (length without the end token).
    /// - Throws: `CancellationError` when the calling task is cancelled, checked before every step (as `generate`).
    func beamSearch(crossKeyValues: [KVCache], prompt: [Int], options: WhisperDecodingOptions) throws -> WhisperGeneration {
        let special = model.tokenizer.special
        let decoder = model.decoder
        let beamSize = options.beamSize
        let candidateCount = 2 * beamSize
        let maxHypotheses = Int((Float(beamSize) * Float(options.patience)).rounded())
        var primed = prime(crossKeyValues: crossKeyValues, prompt: prompt)
        let filter = logitFilter(prompt: prompt, promptLength: primed.promptLength, options: options)
        // Positions left after the whole prompt (a forced prefix after the start sequence included).
        let maxSteps = min(maxLength / 2, maxLength - (prompt.count - 1))

        var sequences: [[Int]] = [[]]                  // alive beams (1 before the first step)
        var scores: [Float] = [0]                      // their summed log-probabilities
        var next = [Array(prompt[(primed.promptLength - 1)...])]
        var hypotheses: [(tokens: [Int], score: Float)] = []
        var noSpeechProb = primed.noSpeechProb
        for step in 0..<maxSteps {
            try Task.checkCancellation()
            let logits = decoder.logits(next, state: &primed.state)          // (beams, new, vocabulary)
            let vocabulary = logits.shape[2], positions = logits.shape[1]
            let rows = logits.reshaped([sequences.count * positions, vocabulary])
            // (beam, token, summed log-probability) of the best candidates over all beams.
            var best = TopCandidates(capacity: candidateCount)
            for beam in sequences.indices {
                var row = rows.row(beam * positions + positions - 1)
                if step == 0 && noSpeechProb == nil { noSpeechProb = softmaxProbability(row, of: special.noSpeech) }
                row.withUnsafeMutableBufferPointer { values in
                    filter.apply(step: step, generated: sequences[beam], logits: values)
                    logSoftmaxInPlace(values)
                    for token in values.indices { best.offer(beam: beam, token: token, score: scores[beam] + values[token]) }
                }
            }
            let candidates = best.sorted()
            let isLastStep = step + 1 == maxSteps
            var chosen: [(beam: Int, token: Int, score: Float)] = []
            var secondary = beamSize
            for k in 0..<min(beamSize, candidates.count) {
                var pick = candidates[k]
                if pick.token == special.endOfText || isLastStep {
                    let tokens = pick.token == special.endOfText ? sequences[pick.beam] : sequences[pick.beam] + [pick.token]
                    hypotheses.append((tokens, pick.score))
                    // Refill this beam with the next candidate that does not end.
                    while secondary < candidates.count, candidates[secondary].token == special.endOfText { secondary += 1 }
                    if secondary < candidates.count { pick = candidates[secondary]; secondary += 1 } else { continue }
                }
                chosen.append(pick)
            }
            if isLastStep || hypotheses.count >= maxHypotheses || chosen.isEmpty { break }
            primed.state.reorder(sources: chosen.map(\.beam))
            sequences = chosen.map { sequences[$0.beam] + [$0.token] }
            scores = chosen.map(\.score)
            next = chosen.map { [$0.token] }
        }
        let lengthPenalty = Float(options.lengthPenalty)
        func normalized(_ h: (tokens: [Int], score: Float)) -> Float {
            h.score / powf(Float(max(h.tokens.count, 1)), lengthPenalty)
        }
        let winner = hypotheses.max { normalized($0) < normalized($1) } ?? (tokens: [], score: 0)
        return WhisperGeneration(tokens: winner.tokens, sumLogProb: Double(winner.score), noSpeechProb: noSpeechProb ?? 0,
                                 temperature: 0)
    }
}

/// The `capacity` highest-scoring (beam, token) pairs seen, kept sorted (best first). Ties keep the earlier offer,
/// as a stable top-k over the flattened (beam, token) index does.
struct TopCandidates {
    let capacity: Int
    private var items: [(beam: Int, token: Int, score: Float)] = []

    init(capacity: Int) {
        self.capacity = capacity
        items.reserveCapacity(capacity + 1)
    }

    mutating func offer(beam: Int, token: Int, score: Float) {
        if items.count == capacity, let last = items.last, !(score > last.score) { return }
        var index = items.count
        while index > 0 && score > items[index - 1].score { index -= 1 }
        items.insert((beam, token, score), at: index)
        if items.count > capacity { items.removeLast() }
    }

    func sorted() -> [(beam: Int, token: Int, score: Float)] { items }
}
