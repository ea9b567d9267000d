/// Where an utterance is cut into partial utterances, as Resemblyzer 0.1.4's `VoiceEncoder.compute_partial_slices`:
/// windows of `partialFrames` (160) mel frames, one every `round(16000 / rate / 160)` frames (77 at 1.3 per second),
/// enough to reach the end of the utterance; the last one is dropped when less than `minimumCoverage` of it holds
/// audio, unless it is the only one. Windows may reach past the audio: the waveform is zero-padded to the last stop.
public struct GE2EPartialSlices: Sendable, Hashable {
    /// Mel frames per partial utterance (`partials_n_frames`, 1.6 s).
    public static let partialFrames = 160
    /// Samples per mel frame (`mel_window_step` 10 ms at 16 kHz).
    public static let samplesPerFrame = 160
    /// Sample rate the slices are computed for.
    public static let sampleRate = 16_000

    /// First mel frame of each partial; partial `i` covers frames `melStarts[i] ..< melStarts[i] + 160` and samples
    /// `melStarts[i] · 160 ..< (melStarts[i] + 160) · 160`.
    public let melStarts: [Int]

    /// The slices for `sampleCount` samples.
    /// - Precondition: `0 < minimumCoverage <= 1` and a rate whose frame step is in 1…160 (checked by
    ///   `GE2EEmbeddingOptions.validate()`).
    public init(sampleCount: Int, partialsPerSecond rate: Double, minimumCoverage: Double) {
        precondition(minimumCoverage > 0 && minimumCoverage <= 1, "GE2EPartialSlices: coverage \(minimumCoverage)")
        let step = Self.frameStep(partialsPerSecond: rate)
        precondition(step > 0 && step <= Self.partialFrames, "GE2EPartialSlices: rate \(rate) gives frame step \(step)")
        // n_frames = ceil((n_samples + 1) / samples_per_frame), in integers.
        let frames = (sampleCount + 1 + Self.samplesPerFrame - 1) / Self.samplesPerFrame
        let steps = Swift.max(1, frames - Self.partialFrames + step + 1)
        var starts = Array(stride(from: 0, to: steps, by: step))
        let lastStart = starts[starts.count - 1] * Self.samplesPerFrame
        let coverage = Double(sampleCount - lastStart) / Double(Self.partialFrames * Self.samplesPerFrame)
        if coverage < minimumCoverage && starts.count > 1 { starts.removeLast() }
        melStarts = starts
    }

    /// `int(np.round((16000 / rate) / 160))`: NumPy rounds halves to even.
    public static func frameStep(partialsPerSecond rate: Double) -> Int {
        let exact = (Double(sampleRate) / rate) / Double(samplesPerFrame)
        guard exact.isFinite, exact < Double(Int.max / 2) else { return 0 }
        return Int(exact.rounded(.toNearestOrEven))
    }

    public var count: Int { melStarts.count }

    /// One past the last sample any partial reads: `(melStarts.last + 160) · 160`.
    public var sampleEnd: Int { (melStarts[melStarts.count - 1] + Self.partialFrames) * Self.samplesPerFrame }
}
