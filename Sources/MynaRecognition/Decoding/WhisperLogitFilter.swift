/// The token rules applied to each step's logits before choosing, in CTranslate2's order for Whisper
/// (`make_logits_processors` then `ApplyTimestampRules` in whisper.cc): always-suppressed tokens, blank
/// suppression at the first step, then the timestamp rules of openai-whisper's `ApplyTimestampRules`.
struct WhisperLogitFilter {
    let special: WhisperSpecialTokens
    let suppressed: [Int]
    let suppressedAtBegin: [Int]
    let usesTimestamps: Bool
    /// The last timestamp allowed as the first token.
    let maxInitialTimestamp: Int
    /// Last id of the vocabulary (`<|30.00|>`).
    let lastTimestamp: Int

    /// Disables tokens in `logits` (one row of `vocabulary` scores) for decoding step `step`, given the tokens
    /// already generated after the prompt.
    func apply(step: Int, generated: [Int], logits: UnsafeMutableBufferPointer<Float>) {
        func disable(_ range: Range<Int>) { for i in range where i < logits.count { logits[i] = -.infinity } }
        for id in suppressed where id < logits.count { logits[id] = -.infinity }
        if step == 0 { for id in suppressedAtBegin where id < logits.count { logits[id] = -.infinity } }
        guard usesTimestamps else { return }

        let timestampBegin = special.timestampBegin
        logits[special.noTimestamps] = -.infinity
        var checkTimestampMass = false
        if step == 0 {
            disable(0..<timestampBegin)                                   // begin with a timestamp
            disable((maxInitialTimestamp + 1)..<(lastTimestamp + 1))      // not later than max_initial_timestamp
        } else {
            let last = generated[step - 1]
            if last >= timestampBegin {
                let penultimate = step - 1 > 0 ? generated[step - 2] : last
                if penultimate >= timestampBegin {
                    disable(timestampBegin..<(lastTimestamp + 1))         // a pair just closed: text must follow
                } else {
                    disable(0..<special.endOfText)                        // a segment just ended: timestamp or end
                    checkTimestampMass = true
                }
            } else {
                checkTimestampMass = true
            }
            // Timestamps never decrease.
            if let lastTimestampToken = generated.last(where: { $0 >= timestampBegin }) {
                disable(timestampBegin..<lastTimestampToken)
            }
        }
        if checkTimestampMass {
            // If the total probability of the timestamps beats every single text token, a timestamp must come.
            let logSum = logSumExp(logits, timestampBegin..<(lastTimestamp + 1))
            var maxText = -Float.infinity
            for i in 0..<timestampBegin where logits[i] > maxText { maxText = logits[i] }
            // Comparing log-probabilities or logits is the same: both sides shift by the same normaliser.
            if logSum > maxText { disable(0..<timestampBegin) }
        }
    }

    private func logSumExp(_ logits: UnsafeMutableBufferPointer<Float>, _ range: Range<Int>) -> Float {
        var maximum = -Float.infinity
        for i in range where logits[i] > maximum { maximum = logits[i] }
        guard maximum > -.infinity else { return -.infinity }
        var sum: Float = 0
        for i in range { sum += expf(logits[i] - maximum) }
        return maximum + logf(sum)
    }
}

#if canImport(Glibc)
import Glibc
#endif
