import MynaCore

/// Vocodes a stream of feature frames in chunks, so memory stays bounded however long the input is.
///
/// Each chunk of `chunkFrames` frames is vocoded with `vocoder.input.contextFrames` frames of context on both sides
/// (fewer at the ends of the stream) and cropped to its own samples. For a convolutional vocoder (HiFi-GAN) the
/// context covers the receptive field, so the concatenated output equals vocoding the whole input at once up to
/// float rounding. For Griffin-Lim, whose phases are recovered per chunk, consecutive chunks overlap by
/// `crossfadeFrames` and are cross-faded linearly there, hiding the seam.
///
/// Thread-safety: not thread-safe; one stream per task.
public final class ChunkedVocoder {
    /// Chunking settings.
    public struct Options: Sendable, Hashable {
        /// Frames per chunk, context not counted. 512 frames is 5.9 s at 22.05 kHz and hop 256: the context overhead
        /// of HiFi-GAN V1 (16 frames each side) is then 6 % and the generator's scratch about 140 MB.
        public var chunkFrames = 512
        /// Frames over which consecutive chunks are cross-faded (0: chunks abut).
        public var crossfadeFrames = 0

        public init(chunkFrames: Int = 512, crossfadeFrames: Int = 0) {
            self.chunkFrames = chunkFrames
            self.crossfadeFrames = crossfadeFrames
        }

        /// For convolutional vocoders: exact chunks, no cross-fade.
        public static let `default` = Options()
        /// For Griffin-Lim: long chunks (about 24 s, so seams are rare) cross-faded over 16 frames (0.19 s).
        public static let griffinLim = Options(chunkFrames: 2048, crossfadeFrames: 16)

        public func validate(contextFrames: Int) throws(ConfigurationError) {
            guard chunkFrames >= 1 else { throw ConfigurationError(field: "chunkFrames", message: "\(chunkFrames) must be at least 1") }
            guard crossfadeFrames >= 0, crossfadeFrames <= contextFrames, crossfadeFrames < chunkFrames else {
                throw ConfigurationError(field: "crossfadeFrames", message: """
                    \(crossfadeFrames) must be between 0 and the context (\(contextFrames) frames) and below the chunk size
                    """)
            }
        }
    }

    public let vocoder: any Vocoder
    public let options: Options
    private let context: Int
    private let featureCount: Int
    private let hop: Int
    /// Frames `bufferStart ..< bufferStart + frameCount(buffer)`, frame-major (`frame · featureCount + feature`).
    private var buffer: [Float] = []
    private var bufferStart = 0
    /// Frames whose samples have been returned (or, with a cross-fade, are held in `tail`).
    private var emitted = 0
    /// The last `crossfadeFrames · hop` samples of the previous chunk, not yet returned.
    private var tail: [Float] = []
    private var isFinished = false

    /// Frames received so far.
    public private(set) var receivedFrames = 0

    public init(vocoder: any Vocoder, options: Options = .default) throws {
        try options.validate(contextFrames: vocoder.input.contextFrames)
        self.vocoder = vocoder
        self.options = options
        context = vocoder.input.contextFrames
        featureCount = vocoder.input.featureCount
        hop = vocoder.input.hopLength
    }

    /// Adds `features` (`featureCount × n`) and returns the samples of every chunk that is now complete (possibly none).
    public func append(_ features: FeatureMatrix) throws -> [Float] {
        precondition(!isFinished, "ChunkedVocoder.append after finish()")
        guard features.featureCount == featureCount else {
            throw ConfigurationError(field: "features", message: "have \(features.featureCount) values per frame; the vocoder takes \(featureCount)")
        }
        let n = features.frameCount
        buffer.reserveCapacity(buffer.count + n * featureCount)
        features.values.withUnsafeBufferPointer { values in
            for t in 0..<n { for f in 0..<featureCount { buffer.append(values[f * n + t]) } }
        }
        receivedFrames += n
        var output: [Float] = []
        while receivedFrames >= emitted + options.chunkFrames + context {
            output += try vocodeChunk(end: emitted + options.chunkFrames, isLast: false)
        }
        return output
    }

    /// Vocodes what is left and returns its samples. The stream is then closed.
    public func finish() throws -> [Float] {
        precondition(!isFinished, "ChunkedVocoder.finish() called twice")
        isFinished = true
        var output: [Float] = []
        if receivedFrames > emitted { output = try vocodeChunk(end: receivedFrames, isLast: true) }
        output += tail
        tail = []
        buffer = []
        return output
    }

    /// Vocodes frames `emitted ..< end` with context and returns the samples that are final.
    private func vocodeChunk(end: Int, isLast: Bool) throws -> [Float] {
        let fade = options.crossfadeFrames
        let first = max(0, emitted - context), last = min(receivedFrames, end + context)
        let frames = last - first
        var values = [Float](repeating: 0, count: featureCount * frames)
        buffer.withUnsafeBufferPointer { source in
            for t in 0..<frames {
                let row = (first + t - bufferStart) * featureCount
                for f in 0..<featureCount { values[f * frames + t] = source[row + f] }
            }
        }
        let samples = try vocoder.waveform(from: FeatureMatrix(featureCount: featureCount, frameCount: frames, values: values))
        // This chunk's own frames, plus (unless last) the cross-fade frames that the next chunk will fade into.
        let ownStart = (emitted - first) * hop
        let keepEnd = (min(end + (isLast ? 0 : fade), last) - first) * hop
        var own = Array(samples[ownStart..<keepEnd])
        // Fade the held tail of the previous chunk out and this chunk in over the tail's length.
        let overlap = min(tail.count, own.count)
        for i in 0..<overlap {
            let weight = (Float(i) + 0.5) / Float(overlap)
            own[i] = tail[i] * (1 - weight) + own[i] * weight
        }
        let heldBack = isLast ? 0 : min(fade * hop, own.count)
        tail = Array(own.suffix(heldBack))
        own.removeLast(heldBack)
        emitted = end
        // Drop frames no later chunk needs.
        let keepFrom = max(0, emitted - context)
        if keepFrom > bufferStart {
            buffer.removeFirst((keepFrom - bufferStart) * featureCount)
            bufferStart = keepFrom
        }
        return own
    }
}
