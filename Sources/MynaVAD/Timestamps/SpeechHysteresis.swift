/// The hysteresis at the heart of silero-vad 6.2.3's `get_speech_timestamps_from_probs`, one probability at a time:
/// speech starts at a step at or above `onsetThreshold`; inside speech a step below `offsetThreshold` starts (or
/// continues) a pause; a step at or above the onset threshold ends the pause, which is remembered as a place to cut
/// when it was longer than `minCutSilenceSamples` (`possible_ends`); a pause of `minSilenceSamples` ends the speech,
/// kept when longer than `minSpeechSamples`. Steps between the two thresholds change nothing.
///
/// What happens at the maximum length differs between its two users, so it is left to them: the offline and
/// streaming silero-vad timestamps (`SpeechSegmentMachine`, exactly as the Python loop) and dictation's
/// `UtteranceSegmenter` (which cuts more gently). A step is taken in the Python loop's order:
/// `speechReturns`, `speechBegins` (the step ends there when it returns true), the user's maximum-length check, then
/// `silence`.
///
/// Positions are sample indices; probabilities are compared as `Double`, so a `Float` threshold gives the same
/// decisions as comparing `Float`s.
public struct SpeechHysteresis: Sendable {
    /// silero-vad's `threshold` and `neg_threshold`, and its lengths in samples: speech must be longer than
    /// `minSpeechSamples` to be kept, a pause of `minSilenceSamples` ends it, a pause longer than
    /// `minCutSilenceSamples` is a place to cut an over-long segment (`min_silence_samples_at_max_speech`).
    struct Thresholds: Sendable, Equatable {
        var onsetThreshold, offsetThreshold: Double
        var minSpeechSamples, minSilenceSamples, minCutSilenceSamples: Int
    }

    /// A pause long enough to cut at: where it began and how many samples it lasted.
    public struct CutCandidate: Sendable, Equatable {
        public var end: Int
        public var length: Int
    }

    /// Speech from `start` to `end` is over; `kept` when it was longer than the minimum.
    public struct Closed: Sendable, Equatable {
        public var start: Int
        public var end: Int
        public var kept: Bool
    }

    /// What a step below the offset threshold did inside speech.
    public enum SilenceStep: Sendable, Equatable {
        /// The speech is pausing since `pauseStart` (`began`: this step started the pause).
        case pausing(pauseStart: Int, began: Bool)
        /// The pause was long enough: the speech ended where it began.
        case ended(Closed)
    }

    let thresholds: Thresholds
    /// Where the speech in progress started (`current_speech['start']`), nil outside speech (`triggered` is false).
    public private(set) var start: Int?
    /// Where the current pause began (`temp_end`), nil when not pausing.
    public private(set) var pauseStart: Int?
    /// The pauses to cut at, in order (`possible_ends`).
    public private(set) var cutCandidates: [CutCandidate] = []

    public init(onsetThreshold: Double, offsetThreshold: Double, minSpeechSamples: Int, minSilenceSamples: Int,
                minCutSilenceSamples: Int) {
        thresholds = Thresholds(onsetThreshold: onsetThreshold, offsetThreshold: offsetThreshold, minSpeechSamples: minSpeechSamples,
                                minSilenceSamples: minSilenceSamples, minCutSilenceSamples: minCutSilenceSamples)
        cutCandidates.reserveCapacity(16)
    }

    /// A step at or above the onset threshold during a pause ends the pause; returns true when it did (the pause is
    /// remembered as a cut candidate if long enough).
    public mutating func speechReturns(_ probability: Double, at position: Int) -> Bool {
        guard probability >= thresholds.onsetThreshold, let pause = pauseStart else { return false }
        let length = position - pause
        if length > thresholds.minCutSilenceSamples { cutCandidates.append(CutCandidate(end: pause, length: length)) }
        pauseStart = nil
        return true
    }

    /// Outside speech, a step at or above the onset threshold starts speech here; returns true when it did.
    public mutating func speechBegins(_ probability: Double, at position: Int) -> Bool {
        guard start == nil, probability >= thresholds.onsetThreshold else { return false }
        begin(at: position)
        return true
    }

    /// Inside speech, a step below the offset threshold: the pause it starts or continues, or the end of the speech.
    /// Nil for any other step.
    public mutating func silence(_ probability: Double, at position: Int) -> SilenceStep? {
        guard probability < thresholds.offsetThreshold, start != nil else { return nil }
        let began = pauseStart == nil
        let pause = pauseStart ?? position
        pauseStart = pause
        guard position - pause >= thresholds.minSilenceSamples else { return .pausing(pauseStart: pause, began: began) }
        return .ended(close(at: pause))
    }

    /// Starts speech at `position`, forgetting any pause and cut candidate (also after a cut at the maximum length).
    public mutating func begin(at position: Int) {
        start = position
        pauseStart = nil
        cutCandidates.removeAll(keepingCapacity: true)
    }

    /// Ends the speech in progress at `end` (which must be in speech).
    public mutating func close(at end: Int) -> Closed {
        let speechStart = start!
        start = nil
        pauseStart = nil
        cutCandidates.removeAll(keepingCapacity: true)
        return Closed(start: speechStart, end: end, kept: end - speechStart > thresholds.minSpeechSamples)
    }

    /// The longest cut candidate; the first of equal lengths, as Python's `max()`.
    public var longestCutCandidate: CutCandidate? {
        guard var best = cutCandidates.first else { return nil }
        for candidate in cutCandidates.dropFirst() where candidate.length > best.length { best = candidate }
        return best
    }
}
