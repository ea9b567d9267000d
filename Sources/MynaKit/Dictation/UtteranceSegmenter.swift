import MynaCore

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
    /// The input ended (or was stopped) during speech.
    case endOfInput
}

/// Streaming hysteresis over per-step speech probabilities, as silero-vad's `get_speech_timestamps` segments them
/// (onset at `threshold`, silence below `neg_threshold`, `min_silence_duration_ms`, `min_speech_duration_ms`,
/// `max_speech_duration_s` cut at the last pause of at least `min_silence_at_max_speech`), but one step at a time:
/// every event is known as soon as the step that decides it was heard. It also reports the first step of a pause,
/// where a speculative decode can begin.
///
/// Not thread-safe; one segmenter per stream.
public struct UtteranceSegmenter: Sendable {
    public let options: UtteranceSegmenterOptions
    /// Samples per probability step.
    public let stepSampleCount: Int
    /// Steps processed so far.
    public private(set) var stepCount = 0

    private let minSpeechSamples: Int
    private let minSilenceSamples: Int
    private let maxUtteranceSamples: Int
    private let minCutSilenceSamples: Int

    /// The utterance in progress: where it started, where its current pause began.
    private var start: Int?
    private var pauseStart: Int?
    /// The last pause long enough to cut at: where it began and where speech resumed.
    private var cutCandidate: (end: Int, resume: Int)?
    /// Probabilities of the steps after the onset step (`probabilities[k]` is the step at `start + (k + 1)` steps; at
    /// most the maximum utterance), for a cut without a pause.
    private var probabilities: [Float] = []

    public init(options: UtteranceSegmenterOptions = .default, sampleRate: Int, stepSampleCount: Int) {
        self.options = options
        self.stepSampleCount = stepSampleCount
        func samples(_ seconds: Double) -> Int { Int((seconds * Double(sampleRate)).rounded()) }
        minSpeechSamples = samples(options.minSpeechDuration)
        minSilenceSamples = samples(options.minSilenceDuration)
        maxUtteranceSamples = samples(options.maxUtteranceDuration)
        minCutSilenceSamples = samples(options.minCutSilence)
    }

    /// Whether an utterance is in progress (speaking or pausing).
    public var isInUtterance: Bool { start != nil }
    /// Where the utterance in progress started.
    public var utteranceStart: Int? { start }
    /// Where the current pause began, if the utterance in progress is pausing.
    public var currentPauseStart: Int? { pauseStart }

    /// The next step's probability; returns what it decided (usually nothing).
    public mutating func process(_ probability: Float) -> [UtteranceSegmenterEvent] {
        let position = stepCount * stepSampleCount
        let stepEnd = position + stepSampleCount
        stepCount += 1
        var events: [UtteranceSegmenterEvent] = []
        guard let utteranceStart = start else {
            if probability >= options.onsetThreshold {
                begin(at: position)
                events.append(.onset(start: position))
            }
            return events
        }
        probabilities.append(probability)
        if probability >= options.onsetThreshold, let pause = pauseStart {
            if position - pause >= minCutSilenceSamples { cutCandidate = (pause, position) }
            pauseStart = nil
            events.append(.resume)
        }
        if stepEnd - utteranceStart > maxUtteranceSamples {
            if let pause = pauseStart {
                events.append(end(at: pause, reason: .maxDuration))
            } else {
                let (cut, resume) = cutPoint(utteranceStart: utteranceStart)
                // The steps after `resume` (up to this one) belong to the new utterance.
                let kept = Array(probabilities.suffix((position - resume) / stepSampleCount))
                events.append(.offset(start: utteranceStart, end: cut, reason: .maxDuration))
                begin(at: resume)
                probabilities = kept
                events.append(.onset(start: resume))
            }
            return events
        }
        if probability < options.offsetThreshold {
            if pauseStart == nil {
                pauseStart = position
                events.append(.pause(end: position))
            }
            if stepEnd - pauseStart! >= minSilenceSamples {
                events.append(end(at: pauseStart!, reason: .silence))
            }
        }
        return events
    }

    /// Ends the utterance in progress at the end of the input (`sampleCount` samples heard in all).
    public mutating func finish(sampleCount: Int) -> [UtteranceSegmenterEvent] {
        guard start != nil else { return [] }
        return [end(at: pauseStart ?? sampleCount, reason: .endOfInput)]
    }

    // MARK: - Steps

    private mutating func begin(at position: Int) {
        start = position
        pauseStart = nil
        cutCandidate = nil
        probabilities = []
    }

    private mutating func end(at position: Int, reason: UtteranceEndReason) -> UtteranceSegmenterEvent {
        let utteranceStart = start!
        start = nil
        pauseStart = nil
        cutCandidate = nil
        probabilities = []
        if position - utteranceStart < minSpeechSamples { return .discard(start: utteranceStart, end: position) }
        return .offset(start: utteranceStart, end: position, reason: reason)
    }

    /// Where to cut an over-long utterance: the last pause long enough (silero-vad's `prev_end` / `next_start`), or
    /// else the least probable step of its second half.
    private func cutPoint(utteranceStart: Int) -> (cut: Int, resume: Int) {
        if let candidate = cutCandidate, candidate.end - utteranceStart >= minSpeechSamples { return (candidate.end, candidate.resume) }
        let firstStep = probabilities.count / 2
        var best = probabilities.count - 1
        for step in firstStep..<probabilities.count where probabilities[step] < probabilities[best] { best = step }
        let cut = utteranceStart + (best + 1) * stepSampleCount
        return (cut, cut)
    }
}
