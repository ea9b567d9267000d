import MynaCore
import MynaVAD

/// The speech segments of audio found by Silero VAD in constant memory: the input is decoded, downmixed and
/// resampled to 16 kHz in blocks (`AudioFrontEnd`) and streamed through a `SileroSpeechSegmenter`, whose segments equal those of
/// `SileroVoiceDetector.speechSegments` on the whole file.
public struct SpeechFileAnalysis: Sendable {
    /// Samples of the 16 kHz audio.
    public var sampleCount: Int
    /// Speech, in samples of the 16 kHz audio.
    public var segments: [SpeechSegment]
    /// The speech probability of every 512-sample step, when asked for.
    public var probabilities: [Float]?

    /// Length of the 16 kHz audio in seconds.
    public var duration: Double { Double(sampleCount) / 16_000 }
    /// Seconds of speech, padding included.
    public var speechDuration: Double { Double(segments.reduce(0) { $0 + $1.sampleCount }) / 16_000 }

    /// Analyses the file at `path` (see `init(input:…)`).
    public init(path: String, detector: SileroVoiceDetector, options: SpeechTimestampOptions = .default,
                keepingProbabilities: Bool = false, progress: ((Double) -> Void)? = nil) throws {
        try self.init(input: .file(path: path), detector: detector, options: options,
                      keepingProbabilities: keepingProbabilities, progress: progress)
    }

    /// Analyses `input`, block by block through the `AudioFrontEnd`. Throws `AudioIOError` for audio that cannot be
    /// decoded or holds none, `FeatureError` (located at the input's name) for a sample that is not finite.
    /// `progress` receives the seconds of the input read so far.
    public init(input: AudioInput, detector: SileroVoiceDetector, options: SpeechTimestampOptions = .default,
                keepingProbabilities: Bool = false, progress: ((Double) -> Void)? = nil) throws {
        let frontEnd = try AudioFrontEnd(input, sampleRate: detector.configuration.sampleRate)
        let segmenter = try SileroSpeechSegmenter(detector: detector, options: options)
        var probabilities: [Float] = []
        if keepingProbabilities { segmenter.probabilityHandler = { probabilities.append($0) } }
        var events: [SpeechEvent] = []
        let sourceRate = Double(frontEnd.sourceFormat.sampleRate)
        do {
            while let samples = try frontEnd.nextBlock() {
                try samples.withUnsafeBufferPointer { try segmenter.feed($0) { events.append($0) } }
                progress?(Double(frontEnd.sourceFramesRead) / sourceRate)
            }
        } catch let error as FeatureError {
            throw error.at(input.name)
        }
        guard segmenter.sampleCount > 0 else { throw AudioIOError(.empty, location: input.name, message: "contains no audio (0 frames)") }
        segmenter.finish { events.append($0) }
        sampleCount = segmenter.sampleCount
        segments = SpeechEvent.segments(events)
        self.probabilities = keepingProbabilities ? probabilities : nil
    }
}
