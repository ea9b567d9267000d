import MynaCore

/// Live voice activity: feed 16 kHz mono audio in chunks of any size, get `SpeechEvent`s (speech started / ended at
/// a sample position) as soon as they are final. Runs the detector every 512 samples in its own `SileroVADSession`
/// and the `SpeechSegmentTracker` on the probabilities; over a whole stream the events pair up into exactly the
/// segments `SileroVoiceDetector.speechSegments` finds in the same audio.
///
/// Not thread-safe: one segmenter per stream, used from one thread at a time (a capture loop).
public final class SileroSpeechSegmenter {
    public let options: SpeechTimestampOptions
    /// The model session (LSTM state and context).
    public let session: SileroVADSession
    private var tracker: SpeechSegmentTracker
    /// Samples of the step being filled.
    private let step: UnsafeMutablePointer<Float>
    private let stepSamples: Int
    private var buffered = 0
    /// Samples fed since creation or the last `reset()`.
    public private(set) var sampleCount = 0
    /// The probability of the last step run, nil before the first.
    public private(set) var lastProbability: Float?
    /// Called with every step's probability as it is computed (for plots, levels or one's own segmenting).
    public var probabilityHandler: ((Float) -> Void)?
    private var finished = false

    /// Throws `ConfigurationError` when `options` do not validate.
    public init(detector: SileroVoiceDetector, options: SpeechTimestampOptions = .default) throws {
        self.options = options
        tracker = try SpeechSegmentTracker(options: options)
        session = detector.makeSession()
        stepSamples = detector.configuration.stepSamples
        step = .allocate(capacity: stepSamples)
    }

    deinit { step.deallocate() }

    /// Whether the stream is inside speech that will be kept (its start event went out, its end not yet).
    public var isInSpeech: Bool { tracker.isInSpeech }

    /// Feeds the next samples; final events go to `handler` in order. Throws `FeatureError` for a sample that is not
    /// finite (naming its stream position) before any of this chunk reaches the model.
    public func feed(_ samples: UnsafeBufferPointer<Float>, _ handler: (SpeechEvent) -> Void) throws(FeatureError) {
        precondition(!finished, "SileroSpeechSegmenter: feed after finish; call reset() to start a new stream")
        try SileroInput.checkFinite(samples, firstIndex: sampleCount)
        guard let base = samples.baseAddress else { return }
        var offset = 0
        while offset < samples.count {
            if buffered == 0 && samples.count - offset >= stepSamples {
                // A whole step straight from the caller's memory.
                run(UnsafeBufferPointer(start: base + offset, count: stepSamples), handler)
                offset += stepSamples
                continue
            }
            let count = min(stepSamples - buffered, samples.count - offset)
            (step + buffered).update(from: base + offset, count: count)
            buffered += count
            offset += count
            if buffered == stepSamples {
                run(UnsafeBufferPointer(start: step, count: stepSamples), handler)
                buffered = 0
            }
        }
        sampleCount += samples.count
    }

    /// `feed(_:_:)` for an array, returning the events.
    public func feed(_ samples: [Float]) throws(FeatureError) -> [SpeechEvent] {
        var events: [SpeechEvent] = []
        try samples.withUnsafeBufferPointer { buffer throws(FeatureError) in try feed(buffer) { events.append($0) } }
        return events
    }

    /// `feed(_:)` for an `AudioBuffer`, which must be 16 kHz mono.
    public func feed(_ audio: AudioBuffer) throws(FeatureError) -> [SpeechEvent] {
        try SileroInput.checkRate(audio.format.sampleRate, session.detector.configuration)
        guard audio.format.channelCount == 1 else {
            throw FeatureError(.wrongChannelCount, message: """
                Silero VAD takes mono audio, this has \(audio.format.channelCount) channels; downmix it first
                """)
        }
        return try feed(audio.samples)
    }

    /// The end of the stream: runs the last, partial step (zero-padded) and closes the open segment.
    public func finish(_ handler: (SpeechEvent) -> Void) {
        precondition(!finished, "SileroSpeechSegmenter: finish twice; call reset() to start a new stream")
        finished = true
        if buffered > 0 {
            run(UnsafeBufferPointer(start: step, count: buffered), handler)
            buffered = 0
        }
        tracker.finish(sampleCount: sampleCount, handler)
    }

    /// `finish(_:)`, returning the events.
    public func finish() -> [SpeechEvent] {
        var events: [SpeechEvent] = []
        finish { events.append($0) }
        return events
    }

    /// Forgets the stream: zero model state, no samples, no segment.
    public func reset() {
        session.reset()
        tracker = try! SpeechSegmentTracker(options: options)  // validated in init
        buffered = 0
        sampleCount = 0
        lastProbability = nil
        finished = false
    }

    private func run(_ samples: UnsafeBufferPointer<Float>, _ handler: (SpeechEvent) -> Void) {
        let probability = session.uncheckedProbability(of: samples)
        lastProbability = probability
        probabilityHandler?(probability)
        tracker.push(probability, handler)
    }
}
