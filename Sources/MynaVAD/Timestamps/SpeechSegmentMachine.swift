/// The segment-finding loop of silero-vad 6.2.3's `get_speech_timestamps_from_probs`, one probability at a time: the
/// hysteresis of `SpeechHysteresis` (onset, pauses, the minimum silence that ends a segment, the minimum speech that
/// keeps it) and silero-vad's two ways of cutting a segment at the maximum duration. Segments come out raw (before
/// padding), in order, as the Python loop appends them to `speeches`.
///
/// Shared by the offline `SpeechTimestamps` and the streaming `SpeechSegmentTracker`, so both find the same raw
/// segments by construction; only the padding, which needs the next segment, differs in how it is scheduled.
struct SpeechSegmentMachine {
    /// What one step did.
    enum Event: Equatable {
        /// A segment opened at this raw start (speech began, or the rest of a segment cut at the maximum length).
        case opened(start: Int)
        /// The open segment was kept, raw `start ..< end`.
        case kept(start: Int, end: Int)
        /// The open segment ended too short and was dropped.
        case dropped
    }

    let scale: SpeechTimestampScale
    /// Onset, pauses, cut candidates and the end by silence, shared with dictation's segmenter.
    private var hysteresis: SpeechHysteresis
    /// `prev_end` and `next_start`: where a cut at the maximum length ends the segment and where the rest resumes.
    private var previousEnd = 0, nextStart = 0
    /// Steps seen.
    private(set) var stepCount = 0

    init(scale: SpeechTimestampScale) {
        self.scale = scale
        hysteresis = SpeechHysteresis(
            onsetThreshold: scale.threshold, offsetThreshold: scale.negativeThreshold,
            minSpeechSamples: scale.minSpeechSamples, minSilenceSamples: scale.minSilenceSamples,
            minCutSilenceSamples: scale.minSilenceAtMaxSpeechSamples)
    }

    /// Raw start of the open segment once every way it can still end keeps it (so its start can be announced).
    var confirmedStart: Int? {
        guard let start = hysteresis.start else { return nil }
        // Ending by silence keeps it when temp_end − start > min speech; temp_end, if not set yet, will be at a later
        // step; the end of the audio lies after the last step's first sample; cuts at the maximum keep it always.
        let earliestEnd = hysteresis.pauseStart ?? (stepCount - 1) * scale.stepSamples
        return earliestEnd - start > scale.minSpeechSamples ? start : nil
    }

    /// One step's probability; what happened is appended to `events`.
    mutating func push(_ probability: Float, events: inout [Event]) {
        let p = Double(probability)
        let current = scale.stepSamples * stepCount
        stepCount += 1

        // Speech returns after a silence (remembered as a cut point when long enough).
        if hysteresis.speechReturns(p, at: current), nextStart < previousEnd { nextStart = current }
        // Start of speech.
        if hysteresis.speechBegins(p, at: current) {
            events.append(.opened(start: current))
            return
        }
        // Maximum length reached: cut (kept whatever its length, as the Python loop does).
        if let start = hysteresis.start, Double(current - start) > scale.maxSpeechSamples {
            if scale.useLongestSilence, let best = hysteresis.longestCutCandidate {
                previousEnd = best.end
                keep(at: previousEnd, &events)
                nextStart = previousEnd + best.length
                if nextStart < previousEnd + current { open(nextStart, &events) }
                clearCut()
            } else if previousEnd != 0 {
                keep(at: previousEnd, &events)
                if nextStart >= previousEnd { open(nextStart, &events) }
                clearCut()
            } else {
                keep(at: current, &events)
                clearCut()
                return
            }
        }
        // Silence inside speech.
        switch hysteresis.silence(p, at: current) {
        case let .pausing(pauseStart, _)?:
            if !scale.useLongestSilence && current - pauseStart > scale.minSilenceAtMaxSpeechSamples { previousEnd = pauseStart }
        case let .ended(closed)?:
            events.append(closed.kept ? .kept(start: closed.start, end: closed.end) : .dropped)
            clearCut()
        case nil:
            break
        }
    }

    /// The end of the audio after `sampleCount` samples: the open segment is kept up to it if long enough.
    mutating func finish(sampleCount: Int, events: inout [Event]) {
        guard hysteresis.start != nil else { return }
        let closed = hysteresis.close(at: sampleCount)
        events.append(closed.kept ? .kept(start: closed.start, end: closed.end) : .dropped)
    }

    private mutating func open(_ start: Int, _ events: inout [Event]) {
        hysteresis.begin(at: start)
        events.append(.opened(start: start))
    }

    private mutating func keep(at end: Int, _ events: inout [Event]) {
        let closed = hysteresis.close(at: end)
        events.append(.kept(start: closed.start, end: closed.end))
    }

    /// `prev_end = next_start = 0` (the hysteresis forgets `temp_end` and `possible_ends` itself).
    private mutating func clearCut() {
        previousEnd = 0
        nextStart = 0
    }
}
