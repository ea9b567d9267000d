/// The segment-finding loop of silero-vad 6.2.3's `get_speech_timestamps_from_probs`, one probability at a time:
/// hysteresis between `threshold` and the negative threshold, the minimum silence that ends a segment, the minimum
/// speech that keeps it, and the two ways of cutting a segment at the maximum duration. Segments come out raw (before
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
    private(set) var triggered = false
    /// `current_speech['start']`, nil when `current_speech` is empty.
    private(set) var currentStart: Int?
    /// Sample where the current silence began (0: none), `temp_end`.
    private(set) var tempEnd = 0
    private var previousEnd = 0, nextStart = 0
    /// Candidate cut points (silence start, silence length) inside the open segment, `possible_ends`.
    private var possibleEnds: [(end: Int, length: Int)] = []
    /// Steps seen.
    private(set) var stepCount = 0

    init(scale: SpeechTimestampScale) {
        self.scale = scale
        possibleEnds.reserveCapacity(16)
    }

    /// Raw start of the open segment once every way it can still end keeps it (so its start can be announced).
    var confirmedStart: Int? {
        guard triggered, let start = currentStart else { return nil }
        // Ending by silence keeps it when temp_end − start > min speech; temp_end, if not set yet, will be at a later
        // step; the end of the audio lies after the last step's first sample; cuts at the maximum keep it always.
        let earliestEnd = tempEnd != 0 ? tempEnd : (stepCount - 1) * scale.stepSamples
        return earliestEnd - start > scale.minSpeechSamples ? start : nil
    }

    /// One step's probability; what happened is appended to `events`.
    mutating func push(_ probability: Float, events: inout [Event]) {
        let p = Double(probability)
        let current = scale.stepSamples * stepCount
        stepCount += 1

        // Speech returns after a silence: remember a long enough silence as a cut point.
        if p >= scale.threshold && tempEnd != 0 {
            let silence = current - tempEnd
            if silence > scale.minSilenceAtMaxSpeechSamples { possibleEnds.append((tempEnd, silence)) }
            tempEnd = 0
            if nextStart < previousEnd { nextStart = current }
        }
        // Start of speech.
        if p >= scale.threshold && !triggered {
            triggered = true
            open(current, &events)
            return
        }
        // Maximum length reached: cut.
        if triggered, let start = currentStart, Double(current - start) > scale.maxSpeechSamples {
            if scale.useLongestSilence && !possibleEnds.isEmpty {
                // Python's max() returns the first of equal maxima.
                var best = possibleEnds[0]
                for candidate in possibleEnds.dropFirst() where candidate.length > best.length { best = candidate }
                previousEnd = best.end
                keep(start, previousEnd, &events)
                nextStart = previousEnd + best.length
                if nextStart < previousEnd + current { open(nextStart, &events) } else { triggered = false }
                clearCut()
            } else if previousEnd != 0 {
                keep(start, previousEnd, &events)
                if nextStart < previousEnd { triggered = false } else { open(nextStart, &events) }
                clearCut()
            } else {
                keep(start, current, &events)
                clearCut()
                triggered = false
                return
            }
        }
        // Silence inside speech.
        if p < scale.negativeThreshold && triggered, let start = currentStart {
            if tempEnd == 0 { tempEnd = current }
            let silence = current - tempEnd
            if !scale.useLongestSilence && silence > scale.minSilenceAtMaxSpeechSamples { previousEnd = tempEnd }
            if silence < scale.minSilenceSamples { return }
            let end = tempEnd
            if end - start > scale.minSpeechSamples { keep(start, end, &events) } else { currentStart = nil; events.append(.dropped) }
            clearCut()
            triggered = false
        }
    }

    /// The end of the audio after `sampleCount` samples: the open segment is kept up to it if long enough.
    mutating func finish(sampleCount: Int, events: inout [Event]) {
        guard let start = currentStart else { return }
        if sampleCount - start > scale.minSpeechSamples { keep(start, sampleCount, &events) } else { currentStart = nil; events.append(.dropped) }
        triggered = false
    }

    private mutating func open(_ start: Int, _ events: inout [Event]) {
        currentStart = start
        events.append(.opened(start: start))
    }

    private mutating func keep(_ start: Int, _ end: Int, _ events: inout [Event]) {
        currentStart = nil
        events.append(.kept(start: start, end: end))
    }

    /// `prev_end = next_start = temp_end = 0; possible_ends = []`.
    private mutating func clearCut() {
        previousEnd = 0
        nextStart = 0
        tempEnd = 0
        possibleEnds.removeAll(keepingCapacity: true)
    }
}
