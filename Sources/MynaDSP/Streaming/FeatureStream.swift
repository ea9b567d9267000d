import MynaCore

/// An extractor fed audio in chunks of any size (1 sample, 160, 4096…) that returns each frame as soon as every
/// sample it covers has arrived, and the frames that reach into the end padding on `finish()`.
///
/// The frames, concatenated, are exactly (bit for bit) the frames the offline extractor computes on the
/// concatenated audio: every frame is computed by the same code from the same samples. Extractors whose last step
/// needs the whole signal (Whisper's floor at max − 8, MFCC `top_db`) stream the frames before that step and
/// document how to finish them.
///
/// Memory stays bounded: samples no future frame needs are dropped.
///
/// Thread-safety: not thread-safe; use one stream from one task at a time.
public final class FeatureStream {
    private let pipeline: SpectralPipeline
    /// A frame-local step after the pipeline (MFCC's DCT), applied to each returned chunk.
    private let postProcess: (@Sendable (FeatureMatrix) -> FeatureMatrix)?
    /// Samples `base ..< base + buffer.count` of the stream.
    private var buffer: [Float] = []
    private var base = 0
    /// The first `leftPadding + 1` samples, kept for reflection at the start.
    private var head: [Float] = []
    private var nextFrame = 0
    private var isFinished = false

    /// - Parameter postProcess: A frame-local step and the feature count it produces.
    init(pipeline: SpectralPipeline,
         postProcess: (featureCount: Int, transform: @Sendable (FeatureMatrix) -> FeatureMatrix)? = nil) {
        self.pipeline = pipeline
        self.postProcess = postProcess?.transform
        featureCount = postProcess?.featureCount ?? pipeline.featureCount
    }

    /// Values per frame.
    public let featureCount: Int

    /// Samples received so far.
    public private(set) var sampleCount = 0

    /// Frames returned so far.
    public var frameCount: Int { nextFrame }

    /// Adds `samples` (mono, at the extractor's rate) and returns the frames they complete (possibly none).
    /// - Throws: `FeatureError.nonFinite` naming the sample's index in the whole stream.
    public func append(_ samples: [Float]) throws(FeatureError) -> FeatureMatrix {
        precondition(!isFinished, "FeatureStream.append after finish()")
        try samples.withUnsafeBufferPointer { (chunk) throws(FeatureError) in
            try SampleValidation.requireFinite(chunk, firstIndex: sampleCount)
        }
        let headNeeded = pipeline.leftPadding + 1
        if head.count < headNeeded { head.append(contentsOf: samples.prefix(headNeeded - head.count)) }
        buffer.append(contentsOf: samples)
        sampleCount += samples.count

        let options = pipeline.options
        var last = nextFrame  // exclusive
        while frameIsComplete(last, hop: options.hopLength, fftSize: options.fftSize) { last += 1 }
        let result = compute(frames: nextFrame..<last, total: Int.max)
        nextFrame = last
        discardUnneededSamples()
        return result
    }

    /// Returns the remaining frames, including those that reach into the end padding. The stream is then closed.
    /// - Throws: `FeatureError.empty` or `.tooShort` when the whole stream is shorter than one window.
    public func finish() throws(FeatureError) -> FeatureMatrix {
        precondition(!isFinished, "FeatureStream.finish() called twice")
        isFinished = true
        try SampleValidation.requireLength(sampleCount, minimum: pipeline.minimumSampleCount,
                                           sampleRate: pipeline.sampleRate)
        let total = pipeline.frameCount(sampleCount: sampleCount)
        let result = compute(frames: nextFrame..<max(total, nextFrame), total: sampleCount)
        nextFrame = max(total, nextFrame)
        buffer = []
        return result
    }

    /// Whether frame `t` can be computed now and will be part of the offline result: at least one window has
    /// arrived, the frame needs no sample beyond those received, and (where the last frame is dropped) a successor
    /// certainly exists.
    private func frameIsComplete(_ t: Int, hop: Int, fftSize: Int) -> Bool {
        // Until one window has arrived, the stream might still turn out too short, which the offline path refuses.
        guard sampleCount >= pipeline.minimumSampleCount else { return false }
        let start = t * hop - pipeline.leftPadding
        guard start + fftSize <= sampleCount else { return false }
        if pipeline.dropsLastFrame {
            return (t + 1) * hop + fftSize <= sampleCount + pipeline.leftPadding + pipeline.rightPadding
        }
        return true
    }

    private func compute(frames: Range<Int>, total: Int) -> FeatureMatrix {
        let features = pipeline.featureCount
        let count = frames.count
        guard count > 0 else { return FeatureMatrix(featureCount: featureCount, frameCount: 0, values: []) }
        let values = buffer.withUnsafeBufferPointer { samples in
            head.withUnsafeBufferPointer { head in
                [Float](unsafeUninitializedCapacity: features * count) { output, initialized in
                    let view = SignalView(samples: samples.baseAddress!, base: base, count: samples.count,
                                          head: head.baseAddress!, headCount: head.count, total: total,
                                          trailingZerosFrom: total)
                    _ = pipeline.computeFrames(frames, of: view, into: output.baseAddress!, frameStride: count,
                                               firstColumn: 0)
                    initialized = features * count
                }
            }
        }
        let matrix = FeatureMatrix(featureCount: features, frameCount: count, values: values)
        return postProcess?(matrix) ?? matrix
    }

    /// Drops samples before the next frame's start, keeping the last `rightPadding + 1` for reflection at the end.
    private func discardUnneededSamples() {
        let nextStart = nextFrame * pipeline.options.hopLength - pipeline.leftPadding
        let keepFrom = max(0, min(nextStart, sampleCount - pipeline.rightPadding - 1))
        let drop = keepFrom - base
        // Compact only when it pays: at least 4096 samples and half the buffer.
        if drop >= 4096 && drop * 2 >= buffer.count {
            buffer.removeFirst(drop)
            base = keepFrom
        }
    }
}
