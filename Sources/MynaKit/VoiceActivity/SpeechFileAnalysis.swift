import MynaAudioFile
import MynaCore
import MynaDSP
import MynaVAD

/// The speech segments of an audio file found by Silero VAD in constant memory: the file is decoded, downmixed and
/// resampled to 16 kHz in blocks and streamed through a `SileroSpeechSegmenter`, whose segments equal those of
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

    /// Samples read per block: 4 s at 16 kHz.
    static let blockFrames = 65_536

    /// Analyses the file at `path`. Throws `AudioIOError` for a file that cannot be decoded or holds no audio,
    /// `FeatureError` (located at `path`) for a sample that is not finite.
    public init(path: String, detector: SileroVoiceDetector, options: SpeechTimestampOptions = .default,
                keepingProbabilities: Bool = false, progress: ((Double) -> Void)? = nil) throws {
        let reader = try SoundFileReader(path: path)
        guard reader.frameCount != 0 else { throw AudioIOError(.empty, location: path, message: "contains no audio (0 frames)") }
        let target = detector.configuration.sampleRate
        let rate = reader.format.sampleRate
        let resampler = rate == target ? nil : try Resampler(file: path, inputRate: rate, outputRate: target, channelCount: 1)
        let segmenter = try SileroSpeechSegmenter(detector: detector, options: options)
        var probabilities: [Float] = []
        if keepingProbabilities { segmenter.probabilityHandler = { probabilities.append($0) } }
        var events: [SpeechEvent] = []
        var framesRead = 0
        do {
            while let block = try reader.readFrames(maxFrames: Self.blockFrames) {
                framesRead += block.frameCount
                var samples = block.downmixedToMono().samples
                if let resampler { samples = try resampler.process(samples) }
                try samples.withUnsafeBufferPointer { try segmenter.feed($0) { events.append($0) } }
                progress?(Double(framesRead) / Double(rate))
            }
            if let resampler {
                let tail = try resampler.flush()
                try tail.withUnsafeBufferPointer { try segmenter.feed($0) { events.append($0) } }
            }
        } catch let error as FeatureError {
            throw error.at(path)
        }
        guard segmenter.sampleCount > 0 else { throw AudioIOError(.empty, location: path, message: "contains no audio (0 frames)") }
        segmenter.finish { events.append($0) }
        sampleCount = segmenter.sampleCount
        segments = SpeechEvent.segments(events)
        self.probabilities = keepingProbabilities ? probabilities : nil
    }
}
