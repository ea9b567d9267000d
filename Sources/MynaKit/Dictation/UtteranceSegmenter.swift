import MynaCore
import MynaVAD

/// What `UtteranceSegmenter` noticed at one step. Positions are sample indices of the stream (unpadded speech).
public enum UtteranceSegmenterEvent: Sendable, Equatable {
    /// Speech began at `start` (the step whose probability reached the onset threshold).
    case onset(start: Int)
    /// The probability fell below the offset threshold: the speech may have ended at `end`. Decoding can start
    /// speculatively now; `offset` follows after the minimum silence unless speech resumes first.
    case pause(end: Int)
    /// Speech went on before the silence was long enough.
    case resume
    /// The utterance from `start` to `end` is over.
    case offset(start: Int, end: Int, reason: UtteranceEndReason)
    /// The speech from `start` to `end` was shorter than the minimum and is dropped.
    case discard(start: Int, end: Int)
}

/// Why an utterance ended.
public enum UtteranceEndReason: String, Sendable, Equatable, Codable {
    /// Silence longer than the minimum.
    case silence
    /// The maximum utterance length: cut at the last pause, and the speech after it is a new utterance.
    case maxDuration
    /// The input ended during speech (the end of a file, a device that failed).
    case endOfInput
    /// The input was stopped during speech (Ctrl-C).
    case stopped
}

/// Streaming hysteresis over per-step speech probabilities, exactly as silero-vad 6.2.3's
/// `get_speech_timestamps_from_probs` segments them (onset at `threshold`; silence below `neg_threshold`; an utterance
/// ends once `cur_sample − temp_end ≥ min_silence_samples`; kept if longer than `min_speech_samples`; at
/// `max_speech_samples` cut at the longest pause of more than `min_silence_at_max_speech`), but one step at a time,
/// so every event is known as soon as the step that decides it was heard. It also reports the first step of a pause
/// (`pause`), where a speculative decode can begin.
///
/// Two choices differ from silero-vad, both at the maximum length only, where it cuts at the current sample (often
/// inside a word) and waits for a new onset: when the utterance is pausing at that moment, it ends where the pause
/// began; when it had no pause at all, it is cut at the least probable step of its second half, and the speech after
/// the cut goes on as a new utterance. And at the end of the input an utterance that is pausing ends where the pause
/// began (silero-vad extends it to the end of the audio).
///
/// Not thread-safe; one segmenter per stream.
public struct UtteranceSegmenter: Sendable {
    public let options: UtteranceSegmenterOptions
    /// Samples per probability step.
    public let stepSampleCount: Int
    /// Steps processed so far.
    public private(set) var stepCount = 0

    private let maxUtteranceSamples: Int
    /// Onset, pauses, cut candidates and the end by silence: the same hysteresis as silero-vad's timestamps.
    private var hysteresis: SpeechHysteresis
    /// Probabilities of the steps after the onset step (`probabilities[k]` is the step at `start + (k + 1)` steps; at
    /// most the maximum utterance), for a cut without a pause.
    private var probabilities: [Float] = []

    public init(options: UtteranceSegmenterOptions = .default, sampleRate: Int, stepSampleCount: Int) {
        self.options = options
        self.stepSampleCount = stepSampleCount
        func samples(_ seconds: Double) -> Int { Int((seconds * Double(sampleRate)).rounded()) }
        hysteresis = SpeechHysteresis(
            onsetThreshold: Double(options.onsetThreshold), offsetThreshold: Double(options.offsetThreshold),
            minSpeechSamples: samples(options.minSpeechDuration), minSilenceSamples: samples(options.minSilenceDuration),
            minCutSilenceSamples: samples(options.minCutSilence))
        // silero-vad: the padded utterance, plus one step of slack, stays within the maximum.
        maxUtteranceSamples = samples(options.maxUtteranceDuration) - stepSampleCount - samples(options.speechPad) - samples(options.endPad)
    }

    /// Whether an utterance is in progress (speaking or pausing).
    public var isInUtterance: Bool { hysteresis.start != nil }
    /// Where the utterance in progress started.
    public var utteranceStart: Int? { hysteresis.start }
    /// Where the current pause began, if the utterance in progress is pausing.
    public var currentPauseStart: Int? { hysteresis.pauseStart }

    /// The next step's probability; returns what it decided (usually nothing).
    public mutating func process(_ probability: Float) -> [UtteranceSegmenterEvent] {
        let position = stepCount * stepSampleCount
        stepCount += 1
        let p = Double(probability)
        var events: [UtteranceSegmenterEvent] = []
        if hysteresis.speechReturns(p, at: position) { events.append(.resume) }
        if hysteresis.speechBegins(p, at: position) {
            probabilities = []
            events.append(.onset(start: position))
            return events
        }
        guard let utteranceStart = hysteresis.start else { return events }
        probabilities.append(probability)
        if position - utteranceStart > maxUtteranceSamples {
            if let pause = hysteresis.pauseStart {
                events.append(end(at: pause, reason: .maxDuration))
                return events
            }
            let (cut, resume) = cutPoint(utteranceStart: utteranceStart)
            // The steps after `resume` (up to this one) belong to the new utterance.
            let kept = Array(probabilities.suffix((position - resume) / stepSampleCount))
            events.append(.offset(start: utteranceStart, end: cut, reason: .maxDuration))
            hysteresis.begin(at: resume)
            probabilities = kept
            events.append(.onset(start: resume))
        }
        switch hysteresis.silence(p, at: position) {
        case let .pausing(pauseStart, began)?:
            if began { events.append(.pause(end: pauseStart)) }
        case let .ended(closed)?:
            if closed.end == position { events.append(.pause(end: position)) }
            events.append(event(closed, reason: .silence))
            probabilities = []
        case nil:
            break
        }
        return events
    }

    /// Ends the utterance in progress at the end of the input (`sampleCount` samples heard in all), for `reason`.
    public mutating func finish(sampleCount: Int, reason: UtteranceEndReason = .endOfInput) -> [UtteranceSegmenterEvent] {
        guard hysteresis.start != nil else { return [] }
        return [end(at: hysteresis.pauseStart ?? sampleCount, reason: reason)]
    }

    // MARK: - Steps

    private mutating func end(at position: Int, reason: UtteranceEndReason) -> UtteranceSegmenterEvent {
        probabilities = []
        return event(hysteresis.close(at: position), reason: reason)
    }

    private func event(_ closed: SpeechHysteresis.Closed, reason: UtteranceEndReason) -> UtteranceSegmenterEvent {
        closed.kept ? .offset(start: closed.start, end: closed.end, reason: reason) : .discard(start: closed.start, end: closed.end)
    }

    /// Where to cut an over-long utterance: at its longest pause (silero-vad's `use_max_poss_sil_at_max_speech`),
    /// resuming where the speech resumed; without one, at the least probable step of its second half.
    private func cutPoint(utteranceStart: Int) -> (cut: Int, resume: Int) {
        if let longest = hysteresis.longestCutCandidate {
            return (longest.end, longest.end + longest.length)
        }
        let firstStep = probabilities.count / 2
        var best = probabilities.count - 1
        for step in firstStep..<probabilities.count where probabilities[step] < probabilities[best] { best = step }
        let cut = utteranceStart + (best + 1) * stepSampleCount
        return (cut, cut)
    }
}
