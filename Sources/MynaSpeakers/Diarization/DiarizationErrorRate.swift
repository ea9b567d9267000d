/// The diarization error rate as NIST's md-eval scores it: over the scored time, missed speech + false alarm + speaker
/// confusion, divided by the total reference speech (overlapping speakers each count), under the one-to-one mapping
/// of hypothesis to reference speakers that maximises their common time; a collar (0.25 s by default) on each side of
/// every reference turn boundary is not scored. Computed on a 10 ms grid.
public struct DiarizationErrorRate: Sendable, Equatable {
    /// Seconds of reference speech scored (each active reference speaker counts).
    public var referenceSeconds: Double
    public var missedSeconds: Double
    public var falseAlarmSeconds: Double
    public var confusionSeconds: Double
    /// Hypothesis speaker → reference speaker, for the speakers the optimal mapping pairs.
    public var mapping: [String: String]
    public var referenceSpeakerCount: Int
    public var hypothesisSpeakerCount: Int

    /// (missed + false alarm + confusion) / reference; 0 when there is no reference speech and no hypothesis.
    public var rate: Double {
        let errors = missedSeconds + falseAlarmSeconds + confusionSeconds
        return referenceSeconds > 0 ? errors / referenceSeconds : (errors > 0 ? 1 : 0)
    }

    /// |hypothesis speakers − reference speakers|.
    public var speakerCountError: Int { abs(hypothesisSpeakerCount - referenceSpeakerCount) }

    /// Grid step, in seconds.
    public static let frameSeconds = 0.01

    public init(reference: [SpeakerTurn], hypothesis: [SpeakerTurn], collarSeconds: Double = 0.25) {
        let step = Self.frameSeconds
        let end = (reference + hypothesis).map(\.end).max() ?? 0
        let frameCount = Int((end / step).rounded(.up)) + 1
        let referenceNames = Array(Set(reference.map(\.speaker))).sorted()
        let hypothesisNames = Array(Set(hypothesis.map(\.speaker))).sorted()
        func frame(_ seconds: Double) -> Int { Int((seconds / step).rounded()) }
        func activity(_ turns: [SpeakerTurn], _ names: [String]) -> [[Bool]] {
            var active = [[Bool]](repeating: [Bool](repeating: false, count: frameCount), count: names.count)
            let index = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
            for turn in turns {
                let speaker = index[turn.speaker]!
                for f in max(0, frame(turn.start))..<min(frameCount, max(0, frame(turn.end))) { active[speaker][f] = true }
            }
            return active
        }
        let ref = activity(reference, referenceNames)
        let hyp = activity(hypothesis, hypothesisNames)
        // Frames within the collar of a reference boundary are not scored.
        var scored = [Bool](repeating: true, count: frameCount)
        let collar = frame(collarSeconds)
        for boundary in reference.flatMap({ [frame($0.start), frame($0.end)] }) {
            for f in max(0, boundary - collar)..<min(frameCount, boundary + collar) { scored[f] = false }
        }
        // Common scored time of every hypothesis/reference pair, then the mapping that maximises the total.
        var overlap = [[Double]](repeating: [Double](repeating: 0, count: referenceNames.count), count: hypothesisNames.count)
        for h in hypothesisNames.indices {
            for r in referenceNames.indices {
                var frames = 0
                for f in 0..<frameCount where scored[f] && hyp[h][f] && ref[r][f] { frames += 1 }
                overlap[h][r] = Double(frames) * step
            }
        }
        let assignment = OptimalAssignment.maximizing(overlap)
        var missed = 0, falseAlarm = 0, confusion = 0, total = 0
        for f in 0..<frameCount where scored[f] {
            var referenceActive = 0, hypothesisActive = 0, correct = 0
            for r in ref.indices where ref[r][f] { referenceActive += 1 }
            for h in hyp.indices where hyp[h][f] {
                hypothesisActive += 1
                if let r = assignment[h], ref[r][f] { correct += 1 }
            }
            total += referenceActive
            missed += max(0, referenceActive - hypothesisActive)
            falseAlarm += max(0, hypothesisActive - referenceActive)
            confusion += min(referenceActive, hypothesisActive) - correct
        }
        referenceSeconds = Double(total) * step
        missedSeconds = Double(missed) * step
        falseAlarmSeconds = Double(falseAlarm) * step
        confusionSeconds = Double(confusion) * step
        var mapping: [String: String] = [:]
        for (h, r) in assignment.enumerated() { if let r { mapping[hypothesisNames[h]] = referenceNames[r] } }
        self.mapping = mapping
        referenceSpeakerCount = referenceNames.count
        hypothesisSpeakerCount = hypothesisNames.count
    }
}

/// The one-to-one assignment of rows to columns with the largest total weight (Hungarian algorithm, O(n³)).
enum OptimalAssignment {
    /// For each row, its column, or nil when the row is left unassigned (more rows than columns, or a zero weight).
    static func maximizing(_ weights: [[Double]]) -> [Int?] {
        let rows = weights.count
        let columns = weights.first?.count ?? 0
        guard rows > 0, columns > 0 else { return [Int?](repeating: nil, count: rows) }
        let n = max(rows, columns)
        let largest = weights.flatMap { $0 }.max() ?? 0
        // Minimise cost = largest − weight on a square matrix padded with zero-weight cells.
        var cost = [[Double]](repeating: [Double](repeating: largest, count: n + 1), count: n + 1)
        for i in 0..<rows { for j in 0..<columns { cost[i + 1][j + 1] = largest - weights[i][j] } }
        var u = [Double](repeating: 0, count: n + 1), v = [Double](repeating: 0, count: n + 1)
        var match = [Int](repeating: 0, count: n + 1), way = [Int](repeating: 0, count: n + 1)
        for i in 1...n {
            match[0] = i
            var j0 = 0
            var minimum = [Double](repeating: .infinity, count: n + 1)
            var used = [Bool](repeating: false, count: n + 1)
            repeat {
                used[j0] = true
                let i0 = match[j0]
                var delta = Double.infinity, j1 = 0
                for j in 1...n where !used[j] {
                    let reduced = cost[i0][j] - u[i0] - v[j]
                    if reduced < minimum[j] { minimum[j] = reduced; way[j] = j0 }
                    if minimum[j] < delta { delta = minimum[j]; j1 = j }
                }
                for j in 0...n {
                    if used[j] { u[match[j]] += delta; v[j] -= delta } else { minimum[j] -= delta }
                }
                j0 = j1
            } while match[j0] != 0
            repeat {
                let j1 = way[j0]
                match[j0] = match[j1]
                j0 = j1
            } while j0 != 0
        }
        var result = [Int?](repeating: nil, count: rows)
        for j in 1...n where match[j] >= 1 && match[j] <= rows && j <= columns && weights[match[j] - 1][j - 1] > 0 {
            result[match[j] - 1] = j - 1
        }
        return result
    }
}
