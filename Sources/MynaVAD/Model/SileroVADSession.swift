import MynaCore
import MynaTensor

/// One audio stream through a `SileroVoiceDetector`: the LSTM state and the last 64 samples carried from step to step,
/// and scratch memory for every intermediate, allocated once so that a step allocates nothing.
///
/// Feed consecutive 512-sample steps in order (`probability(of:)`); `reset()` starts a new stream, as silero-vad's
/// `reset_states()` does. Not thread-safe: one session per stream, used from one thread at a time.
public final class SileroVADSession {
    /// The detector whose weights this session runs.
    public let detector: SileroVoiceDetector
    /// Steps run since creation or the last `reset()`.
    public private(set) var stepCount = 0

    let layout: SileroVADScratchLayout
    /// All scratch, `layout.totalCount` floats; state (hidden, cell) and context live in it too.
    let scratch: UnsafeMutablePointer<Float>

    init(detector: SileroVoiceDetector) {
        self.detector = detector
        layout = SileroVADScratchLayout(detector)
        scratch = .allocate(capacity: layout.totalCount)
        reset()
    }

    deinit { scratch.deallocate() }

    /// Zero LSTM state and zero context: the next step is the start of a new stream.
    public func reset() {
        scratch.update(repeating: 0, count: layout.totalCount)
        stepCount = 0
    }

    /// The speech probability of the next step: `samples` are the step's new samples (at most 512; fewer only for
    /// the last step of a stream, which is zero-padded as silero-vad pads it). Throws `FeatureError` for a sample
    /// that is not finite, before it can reach the carried state.
    public func probability(of samples: UnsafeBufferPointer<Float>) throws(FeatureError) -> Float {
        try SileroInput.checkFinite(samples, firstIndex: stepCount * detector.configuration.stepSamples)
        return uncheckedProbability(of: samples)
    }

    /// `probability(of:)` for an array.
    public func probability(of samples: [Float]) throws(FeatureError) -> Float {
        try samples.withUnsafeBufferPointer { buffer throws(FeatureError) in try probability(of: buffer) }
    }

    /// The step itself, for callers that checked the samples already.
    func uncheckedProbability(of samples: UnsafeBufferPointer<Float>) -> Float {
        let c = detector.configuration
        precondition(samples.count <= c.stepSamples, "SileroVADSession: \(samples.count) samples in one step, at most \(c.stepSamples)")
        let window = scratch + layout.window
        // window: [context (64) | new samples (512) | reflect padding (64)]; the context is already in place.
        let fresh = window + c.contextSamples
        if let base = samples.baseAddress { fresh.update(from: base, count: samples.count) }
        (fresh + samples.count).update(repeating: 0, count: c.stepSamples - samples.count)
        let probability = forward()
        // The next step's context: the last 64 of the 576 samples just seen.
        window.update(from: window + c.stepSamples, count: c.contextSamples)
        stepCount += 1
        return probability
    }
}
