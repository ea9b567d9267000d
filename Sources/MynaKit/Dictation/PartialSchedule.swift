/// When the utterance in progress gets its next partial decode: every `step` of new audio while decoding keeps up,
/// less often when partial decodes are slow (load shedding), and not at all while the session is behind on audio it
/// has not looked at — so a final (or the speculative decode that becomes one) never queues behind a partial that
/// could have waited.
///
/// Costs are measured in audio, not on a clock: a driver that reads everything captured before each `update`
/// (`LiveDictation`) appends, before the next update, exactly the audio that arrived while the previous decodes ran.
/// So the samples appended between two updates are the previous update's cost in real time. A file fed as fast as
/// possible in fixed blocks (`myna dictate --fast`) appends one block per update, and the schedule is the same on
/// every machine.
///
/// A value type of counters, tested with made-up arrivals (a virtual clock in audio samples).
struct PartialSchedule: Sendable, Equatable {
    /// Audio between two partials while decoding keeps up, and before the first one, in samples.
    let stepSamples: Int
    let firstStepSamples: Int
    /// Partial decodes may take at most this fraction of real time: after one that cost `c` samples of arriving
    /// audio, the next waits for `max(step, c / budget)`.
    let budget: Double
    /// More unseen audio than this at an update means the session is behind real time: no partial then.
    let maxBacklogSamples: Int

    /// Audio that arrived while the last partial decode ran (its cost in real time), in samples.
    private(set) var lastPartialCost = 0
    /// Partials not decoded because the session was behind.
    private(set) var shedCount = 0
    private var arrivedSinceUpdate = 0
    private var decodedPartialLastUpdate = false

    init(stepSamples: Int, firstStepSamples: Int, budget: Double, maxBacklogSamples: Int) {
        precondition(stepSamples > 0 && firstStepSamples > 0 && budget > 0 && maxBacklogSamples > 0)
        self.stepSamples = stepSamples
        self.firstStepSamples = firstStepSamples
        self.budget = budget
        self.maxBacklogSamples = maxBacklogSamples
    }

    /// Counts appended audio.
    mutating func appended(_ count: Int) { arrivedSinceUpdate += count }

    /// Starts an update: books what arrived since the last one as the cost of that update's partial, if it decoded
    /// one. Returns whether the session is behind (partials are then skipped).
    mutating func beginUpdate() -> Bool {
        if decodedPartialLastUpdate { lastPartialCost = arrivedSinceUpdate }
        let backlog = arrivedSinceUpdate
        arrivedSinceUpdate = 0
        decodedPartialLastUpdate = false
        return backlog > maxBacklogSamples
    }

    /// Audio between two partials now, in samples.
    var interval: Int { max(stepSamples, Int((Double(lastPartialCost) / budget).rounded(.up))) }

    /// Whether a partial of the utterance that began at `speechStart` is due with `available` samples, the last
    /// decode of it having ended at `lastDecodedEnd` (nil: none yet); `behind` as `beginUpdate` said.
    mutating func isDue(available: Int, speechStart: Int, lastDecodedEnd: Int?, behind: Bool) -> Bool {
        let due = lastDecodedEnd.map { available - $0 >= interval } ?? (available - speechStart >= firstStepSamples)
        if due && behind {
            shedCount += 1
            return false
        }
        return due
    }

    /// Notes that this update decoded a partial.
    mutating func decodedPartial() { decodedPartialLastUpdate = true }
}
