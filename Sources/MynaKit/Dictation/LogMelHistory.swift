import MynaCore
import MynaDSP
import MynaTensor

/// Whisper's log-mel frames of a live stream, computed as the audio arrives (`FeatureStream`: bit for bit the frames
/// of the offline extractor on the whole stream) and kept from a chosen frame on, so that any stretch of the recent
/// past can become an encoder window without computing its spectrum again.
///
/// Frames are `log10(max(mel power, 1e-10))`; Whisper's floor at the maximum − 8 and its scaling depend on the stretch
/// decoded, so `window` applies them to the frames it takes (as faster-whisper does to the features of one clip).
///
/// Not thread-safe; memory is bounded by what the owner keeps (`discard(before:)`).
final class LogMelHistory {
    let melCount: Int
    /// Samples per frame (Whisper's hop, 160 at 16 kHz).
    static let hop = WhisperLogMelExtractor.hopLength

    private let stream: FeatureStream
    /// Frame-major: frame `firstFrame + k` is `values[k * melCount ..< (k + 1) * melCount]`.
    private var values: [Float] = []
    private(set) var firstFrame = 0
    private(set) var isFinished = false
    /// Samples appended so far.
    private(set) var sampleCount = 0

    init(melCount: Int) throws {
        self.melCount = melCount
        stream = try WhisperLogMelExtractor(melCount: melCount, threadCount: 1).makeStream()
    }

    /// One past the last frame computed.
    var endFrame: Int { firstFrame + values.count / melCount }

    func append(_ samples: [Float]) throws {
        sampleCount += samples.count
        store(try stream.append(samples))
    }

    /// Computes the frames that reach into the end of the stream (reflect padding, as the offline extractor does).
    func finish() throws {
        guard !isFinished else { return }
        isFinished = true
        // A stream shorter than one FFT window has no frames at all.
        if stream.sampleCount >= WhisperLogMelExtractor.fftSize { store(try stream.finish()) }
    }

    /// Forgets frames before `frame` (they will never be decoded again).
    func discard(before frame: Int) {
        let drop = min(frame, endFrame) - firstFrame
        guard drop > 0 else { return }
        // Compact only when it pays: at least a second of frames and half the store.
        if drop >= 100 && drop * 2 >= values.count / melCount {
            values.removeFirst(drop * melCount)
            firstFrame += drop
        }
    }

    /// Frames `frames` (clipped to those kept and computed) as one normalised encoder window `[melCount, windowFrames]`:
    /// floor at their maximum − 8, `(x + 4) / 4`, zeros after them (faster-whisper's `pad_or_trim` of a clip's
    /// features).
    func window(frames: Range<Int>, windowFrames: Int) -> Tensor {
        let lower = max(frames.lowerBound, firstFrame)
        let upper = min(frames.upperBound, endFrame, lower + windowFrames)
        let count = max(0, upper - lower)
        let bins = melCount
        return values.withUnsafeBufferPointer { source in
            let base = source.baseAddress! + (lower - firstFrame) * bins
            var maximum = -Float.infinity
            for index in 0..<(count * bins) where base[index] > maximum { maximum = base[index] }
            return Tensor(shape: [bins, windowFrames]) { out in
                WhisperLogMelExtractor.normalizedWindow(frameMajor: UnsafeBufferPointer(start: base, count: count * bins),
                                                        frameCount: count, melCount: bins, maximum: maximum,
                                                        windowFrames: windowFrames, into: out)
            }
        }
    }

    private func store(_ chunk: FeatureMatrix) {
        let frames = chunk.frameCount, bins = chunk.featureCount
        guard frames > 0 else { return }
        values.reserveCapacity(values.count + frames * bins)
        chunk.values.withUnsafeBufferPointer { source in
            for frame in 0..<frames {
                for bin in 0..<bins { values.append(source[bin * frames + frame]) }
            }
        }
    }
}
