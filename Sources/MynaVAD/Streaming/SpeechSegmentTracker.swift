/// Streaming speech timestamps: push one speech probability per 512-sample step, get `SpeechEvent`s as soon as they
/// are final. The events pair up into exactly the segments `SpeechTimestamps.segments` finds offline on the same
/// probabilities (the same raw segments, and the same padding, scheduled as soon as the next segment is known).
///
/// Hysteresis as silero-vad's `VADIterator`: speech starts at a probability ≥ threshold and ends after
/// `minSilenceDurationMs` below the negative threshold (threshold − 0.15).
/// Not thread-safe: one tracker per stream.
public struct SpeechSegmentTracker: Sendable {
    public let options: SpeechTimestampOptions
    private var machine: SpeechSegmentMachine
    private var machineEvents: [SpeechSegmentMachine.Event] = []
    /// The open segment's raw start, and whether its start event went out.
    private var candidate: (start: Int, announced: Bool)?
    /// Raw end of the last kept segment whose end event has not gone out yet.
    private var pendingEnd: Int?
    private var finished = false

    /// Throws `ConfigurationError` when `options` do not validate.
    public init(options: SpeechTimestampOptions = .default) throws {
        try options.validate()
        self.options = options
        machine = SpeechSegmentMachine(scale: SpeechTimestampScale(options))
        machineEvents.reserveCapacity(4)
    }

    /// Steps pushed so far.
    public var stepCount: Int { machine.stepCount }

    /// Whether the stream is inside a segment that will be kept (its start was announced, its end not yet).
    public var isInSpeech: Bool { candidate?.announced ?? false }

    /// The next step's probability; final events are passed to `handler` in order.
    public mutating func push(_ probability: Float, _ handler: (SpeechEvent) -> Void) {
        precondition(!finished, "SpeechSegmentTracker: push after finish")
        machineEvents.removeAll(keepingCapacity: true)
        machine.push(probability, events: &machineEvents)
        apply(handler)
        if let open = candidate, !open.announced, machine.confirmedStart == open.start {
            announce(start: open.start, handler)
            candidate = (open.start, true)
        }
        // When no kept segment can start within twice the pad of the pending end, that end takes the full pad (the
        // audio is known to reach past it: every step pushed holds at least its first sample).
        if let end = pendingEnd {
            let pad = machine.scale.padSamples, step = machine.scale.stepSamples
            let horizon = end + 2 * pad
            let nextStart = machine.stepCount * step, knownLength = (machine.stepCount - 1) * step + 1
            if nextStart >= horizon && knownLength >= end + pad && (candidate.map { $0.start >= horizon } ?? true) {
                handler(.ended(sample: end + machine.scale.padSamples))
                pendingEnd = nil
            }
        }
    }

    /// The end of the stream after `sampleCount` samples: the open segment closes and the last end goes out.
    public mutating func finish(sampleCount: Int, _ handler: (SpeechEvent) -> Void) {
        precondition(!finished, "SpeechSegmentTracker: finish twice")
        finished = true
        machineEvents.removeAll(keepingCapacity: true)
        machine.finish(sampleCount: sampleCount, events: &machineEvents)
        apply(handler)
        if let end = pendingEnd {
            handler(.ended(sample: min(sampleCount, end + machine.scale.padSamples)))
            pendingEnd = nil
        }
    }

    private mutating func apply(_ handler: (SpeechEvent) -> Void) {
        for event in machineEvents {
            switch event {
            case .opened(let start):
                candidate = (start, false)
            case .kept(let start, let end):
                if candidate?.announced != true { announce(start: start, handler) }
                candidate = nil
                pendingEnd = end
            case .dropped:
                candidate = nil
            }
        }
    }

    /// Settles the previous segment's end against this raw start (the padding loop of `SpeechTimestamps.pad`), then
    /// announces this segment's padded start.
    private mutating func announce(start: Int, _ handler: (SpeechEvent) -> Void) {
        let pad = machine.scale.padSamples
        var paddedStart = max(0, start - pad)
        if let end = pendingEnd {
            let silence = start - end
            if silence < 2 * pad {
                handler(.ended(sample: end + SpeechTimestamps.floorHalf(silence)))
                paddedStart = max(0, start - SpeechTimestamps.floorHalf(silence))
            } else {
                // The audio reaches past `start`, so min(length, end + pad) is end + pad.
                handler(.ended(sample: end + pad))
            }
            pendingEnd = nil
        }
        handler(.started(sample: paddedStart))
    }
}
