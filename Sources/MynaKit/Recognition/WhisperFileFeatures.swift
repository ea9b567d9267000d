import MynaCore
import MynaDSP
import MynaRecognition
import MynaTensor

/// Whisper log-mel frames of audio in constant memory, equal bit for bit to computing them on the whole input
/// (`WhisperInMemoryFeatures`): the input is decoded, downmixed and resampled to 16 kHz in blocks by the
/// `AudioFrontEnd`, twice.
/// Pass 1 (at init) finds the maximum log-mel value, which faster-whisper's floor at maximum − 8 needs over the
/// whole file, and counts the frames; pass 2 (as windows are asked for) keeps only the frames from the earliest
/// window still wanted onward, so memory is bounded by one window plus one block however long the file is.
///
/// Not thread-safe: one transcription at a time.
public final class WhisperFileFeatures: WhisperFeatureSource {
    public let melCount: Int
    public let frameCount: Int
    /// Duration of the 16 kHz audio, in seconds.
    public let duration: Double
    private let input: AudioInput
    private let maximum: Float
    private var pass: Pass?
    /// Frames `bufferStart ..< bufferStart + buffered` of pass 2, frame-major (`frame · melCount + bin`).
    private var buffer: [Float] = []
    private var bufferStart = 0

    /// faster-whisper's `FeatureExtractor` appends 160 zero samples.
    static let paddingSamples = 160

    /// The file at `path` (see `init(input:melCount:)`).
    public convenience init(path: String, melCount: Int) throws {
        try self.init(input: .file(path: path), melCount: melCount)
    }

    /// Reads `input` once to find its log-mel maximum and length.
    /// - Throws: `AudioIOError` for audio that cannot be decoded or holds none.
    public init(input: AudioInput, melCount: Int) throws {
        self.input = input
        self.melCount = melCount
        var first = try Pass(input: input, melCount: melCount)
        var maximum = -Float.infinity
        var frames = 0
        var samples = 0
        while let chunk = try first.next() {
            frames += chunk.frameCount
            samples = first.sampleCount
            chunk.values.withUnsafeBufferPointer { values in for v in values where v > maximum { maximum = v } }
        }
        self.maximum = maximum
        self.frameCount = frames
        self.duration = Double(samples - Self.paddingSamples) / Double(WhisperLogMelExtractor.whisperSampleRate)
    }

    public func window(from start: Int, count: Int, frames: Int) throws -> Tensor {
        precondition(start >= bufferStart, "WhisperFileFeatures: windows must be asked for in order (\(start) < \(bufferStart))")
        if pass == nil { pass = try Pass(input: input, melCount: melCount) }
        // Drop frames before `start`, then read until the window's frames are buffered (or the file ends).
        let drop = min(start - bufferStart, buffer.count / melCount)
        buffer.removeFirst(drop * melCount)
        bufferStart += drop
        let end = min(start + count, frameCount)
        while bufferStart + buffer.count / melCount < end, let chunk = try pass?.next() {
            // chunk: (melCount, n) row-major → append frame-major.
            let n = chunk.frameCount
            chunk.values.withUnsafeBufferPointer { values in
                for frame in 0..<n { for bin in 0..<melCount { buffer.append(values[bin * n + frame]) } }
            }
        }
        let available = max(0, min(count, bufferStart + buffer.count / melCount - start))
        let offset = start - bufferStart
        return Tensor(shape: [melCount, frames]) { out in
            buffer.withUnsafeBufferPointer { source in
                // Whisper's normalisation with the whole input's maximum, zeros past the frames available.
                WhisperLogMelExtractor.normalizedWindow(frameMajor: UnsafeBufferPointer(rebasing: source[(offset * melCount)...]),
                                                        frameCount: available, melCount: melCount, maximum: maximum,
                                                        windowFrames: frames, into: out)
            }
        }
    }

    /// One streaming pass over the input: 16 kHz mono blocks from the front end → log-mel frames (before
    /// normalisation).
    private struct Pass {
        let frontEnd: AudioFrontEnd
        let stream: FeatureStream
        var finished = false
        var sampleCount = 0

        init(input: AudioInput, melCount: Int) throws {
            frontEnd = try AudioFrontEnd(input, sampleRate: WhisperLogMelExtractor.whisperSampleRate)
            stream = try WhisperLogMelExtractor(melCount: melCount).makeStream()
        }

        /// The next log-mel frames, or nil once the input and the padding are through.
        mutating func next() throws -> FeatureMatrix? {
            guard !finished else { return nil }
            if let samples = try frontEnd.nextBlock() {
                sampleCount += samples.count
                return try stream.append(samples)
            }
            finished = true
            let padding = [Float](repeating: 0, count: WhisperFileFeatures.paddingSamples)
            sampleCount += padding.count
            let last = try stream.append(padding)
            let rest = try stream.finish()
            return FeatureMatrix(featureCount: last.featureCount, frameCount: last.frameCount + rest.frameCount,
                                 values: Self.joined(last, rest))
        }

        private static func joined(_ a: FeatureMatrix, _ b: FeatureMatrix) -> [Float] {
            guard a.frameCount > 0 else { return b.values }
            guard b.frameCount > 0 else { return a.values }
            var values: [Float] = []
            values.reserveCapacity(a.values.count + b.values.count)
            for bin in 0..<a.featureCount {
                values += a.values[(bin * a.frameCount)..<((bin + 1) * a.frameCount)]
                values += b.values[(bin * b.frameCount)..<((bin + 1) * b.frameCount)]
            }
            return values
        }
    }
}
