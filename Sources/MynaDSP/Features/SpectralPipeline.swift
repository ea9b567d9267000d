import Foundation
import MynaCore

/// The frame-local part of every extractor: frame → window → real FFT → power or magnitude → optional mel
/// projection → optional logarithm. Whole-signal steps (Whisper's max − 8 floor, `top_db`, the DCT of MFCCs)
/// belong to the extractors.
///
/// Each frame is computed independently by the same code, so frames do not depend on how the signal was split
/// into threads or stream chunks: the streaming and offline paths give bit-identical frames.
struct SpectralPipeline: Sendable {
    let sampleRate: Int
    let options: STFTOptions
    private(set) var scale: SpectrumScale
    let filterbank: MelFilterbank?
    let compression: LogCompression
    /// Whisper drops the STFT's last frame (`stft[..., :-1]`).
    let dropsLastFrame: Bool
    let threadCount: Int

    let fft: RealFFT
    /// The window centred in `fftSize` points.
    let window: [Float]
    let leftPadding: Int
    let rightPadding: Int
    let padMode: PadMode

    init(sampleRate: Int, options: STFTOptions, scale: SpectrumScale, filterbank: MelFilterbank? = nil,
         compression: LogCompression = .none, dropsLastFrame: Bool = false,
         threadCount: Int = DSPThreads.all) throws {
        try options.validate()
        if let filterbank, filterbank.binCount != options.binCount {
            throw ConfigurationError(field: "melFilterbank",
                                     message: "has \(filterbank.binCount) bins, the STFT has \(options.binCount)")
        }
        guard threadCount >= 1 else {
            throw ConfigurationError(field: "threadCount", message: "\(threadCount) must be at least 1")
        }
        self.sampleRate = sampleRate
        self.options = options
        self.scale = scale
        self.filterbank = filterbank
        self.compression = compression
        self.dropsLastFrame = dropsLastFrame
        self.threadCount = threadCount
        fft = try RealFFT(size: options.fftSize)
        window = options.window.coefficients(length: options.windowLength, paddedTo: options.fftSize)
        let padding = options.padding.resolved(fftSize: options.fftSize)
        leftPadding = padding.left
        rightPadding = padding.right
        padMode = padding.mode
    }

    /// The same pipeline with another spectrum scale.
    func with(scale: SpectrumScale) -> SpectralPipeline {
        var copy = self
        copy.scale = scale
        return copy
    }

    /// Values per frame.
    var featureCount: Int { filterbank?.melCount ?? options.binCount }

    /// Frames for a signal of `sampleCount` samples (after dropping the last one where the extractor does).
    func frameCount(sampleCount: Int) -> Int {
        let frames = options.frameCount(sampleCount: sampleCount)
        return dropsLastFrame ? max(frames - 1, 0) : frames
    }

    /// The fewest samples accepted: one window, enough for one frame, and more than the reflected padding.
    var minimumSampleCount: Int {
        var minimum = max(options.windowLength, options.fftSize - leftPadding - rightPadding + (dropsLastFrame ? options.hopLength : 0))
        if padMode == .reflect { minimum = max(minimum, max(leftPadding, rightPadding) + 1) }
        return max(minimum, 1)
    }

    /// Rejects empty, too short and non-finite input.
    func validate(_ samples: UnsafeBufferPointer<Float>) throws(FeatureError) {
        try SampleValidation.requireLength(samples.count, minimum: minimumSampleCount, sampleRate: sampleRate)
        try SampleValidation.requireFinite(samples)
    }

    /// All frames of `samples` followed by `trailingZeros` zeros, as a features × frames matrix, computed on up to
    /// `threadCount` threads.
    func run(_ samples: [Float], trailingZeros: Int = 0) throws(FeatureError) -> FeatureMatrix {
        try runWithMaximum(samples, trailingZeros: trailingZeros).features
    }

    /// `run`, plus the largest value of the result (for the whole-signal floors of Whisper and MFCC), found while
    /// the frames were written instead of in another pass over the matrix.
    func runWithMaximum(_ samples: [Float], trailingZeros: Int = 0) throws(FeatureError) -> (features: FeatureMatrix, maximum: Float) {
        try samples.withUnsafeBufferPointer { (x) throws(FeatureError) -> (features: FeatureMatrix, maximum: Float) in
            try validate(x)
            let total = x.count + trailingZeros
            let frames = frameCount(sampleCount: total)
            let features = featureCount
            let view = SignalView(samples: x.baseAddress!, base: 0, count: x.count, head: x.baseAddress!,
                                  headCount: x.count, total: total, trailingZerosFrom: x.count)
            let chunkMaxima = ChunkMaxima()
            let values = [Float](unsafeUninitializedCapacity: features * frames) { output, initialized in
                let out = UncheckedBox(output.baseAddress!)
                ParallelFrames.forEachChunk(of: 0..<frames, threadCount: threadCount) { chunk in
                    let maximum = computeFrames(chunk, of: view, into: out.value, frameStride: frames,
                                                firstColumn: chunk.lowerBound)
                    chunkMaxima.record(maximum)
                }
                initialized = features * frames
            }
            return (FeatureMatrix(featureCount: features, frameCount: frames, values: values), chunkMaxima.value)
        }
    }

    /// Frames per block: spectra of this many frames are stored bin-major (`[bin][frame]`) so the mel projection and
    /// the logarithm run on all of them per SIMD operation and each feature row receives contiguous values.
    static let blockWidth = 8

    /// Frames `frames` of `signal`, compressed, written to
    /// `output[feature · frameStride + firstColumn + (t − frames.lowerBound)]`. Every sample the frames touch must be
    /// in `signal`. Returns the largest value written.
    func computeFrames(_ frames: Range<Int>, of signal: SignalView, into output: UnsafeMutablePointer<Float>,
                       frameStride: Int, firstColumn: Int) -> Float {
        guard !frames.isEmpty else { return -.infinity }
        let workspace = fft.makeWorkspace()
        let binCount = options.binCount
        let input = workspace.signal.baseAddress!
        let spectrum = workspace.spectrum.baseAddress!
        // (binCount, blockWidth) spectra of one block of frames
        let block = UnsafeMutablePointer<SIMD8<Float>>.allocate(capacity: binCount)
        block.initialize(repeating: SIMD8(), count: binCount)
        defer { block.deallocate() }
        let blockScalars = UnsafeMutableRawPointer(block).assumingMemoryBound(to: Float.self)
        var maximum = SIMD8<Float>(repeating: -.infinity)
        let lanes = SIMD8<Int32>(0, 1, 2, 3, 4, 5, 6, 7)
        window.withUnsafeBufferPointer { windowBuffer in
            let w = windowBuffer.baseAddress!
            withProjection { project in
                var t = frames.lowerBound
                while t < frames.upperBound {
                    let count = min(Self.blockWidth, frames.upperBound - t)
                    for lane in 0..<count {
                        fillFrame(t + lane, of: signal, window: w, into: input)
                        fft.forward(workspace)
                        // (binCount) interleaved complex → power or magnitude, into this frame's lane
                        switch scale {
                        case .power:
                            for k in 0..<binCount {
                                let re = spectrum[2 * k], im = spectrum[2 * k + 1]
                                blockScalars[8 * k + lane] = re * re + im * im
                            }
                        case .magnitude:
                            for k in 0..<binCount {
                                let re = spectrum[2 * k], im = spectrum[2 * k + 1]
                                blockScalars[8 * k + lane] = (re * re + im * im).squareRoot()
                            }
                        case .magnitudeWithPowerOffset(let offset):
                            for k in 0..<binCount {
                                let re = spectrum[2 * k], im = spectrum[2 * k + 1]
                                blockScalars[8 * k + lane] = (re * re + im * im + offset).squareRoot()
                            }
                        }
                    }
                    let column = output + firstColumn + (t - frames.lowerBound)
                    let valid = lanes .< Int32(count)
                    project(block) { row, values in
                        let compressed = compression.apply(values)
                        maximum = VectorMath.maximum(maximum, compressed.replacing(with: -.infinity, where: .!valid))
                        let target = column + row * frameStride
                        if count == Self.blockWidth {
                            UnsafeMutableRawPointer(target).storeBytes(of: compressed, as: SIMD8<Float>.self)
                        } else {
                            for lane in 0..<count { target[lane] = compressed[lane] }
                        }
                    }
                    t += count
                }
            }
        }
        return maximum.max()
    }

    /// Frame `t` of `signal` times the window: `fftSize` samples starting at `t · hopLength − leftPadding`.
    @inline(__always)
    func fillFrame(_ t: Int, of signal: SignalView, window w: UnsafePointer<Float>, into input: UnsafeMutablePointer<Float>) {
        let fftSize = options.fftSize
        let start = t * options.hopLength - leftPadding
        if start >= signal.base && start + fftSize <= min(signal.base + signal.count, signal.trailingZerosFrom) {
            let x = signal.samples + (start - signal.base)
            for i in 0..<fftSize { input[i] = x[i] * w[i] }
        } else {
            for i in 0..<fftSize { input[i] = signal.sample(start + i, mode: padMode) * w[i] }
        }
    }

    /// Calls `body` with the per-block projection: given the block's `(binCount, 8)` spectra, it hands each output
    /// row's eight values to `emit` (the sparse mel filterbank, or the bins themselves).
    private func withProjection(
        _ body: ((UnsafePointer<SIMD8<Float>>, (Int, SIMD8<Float>) -> Void) -> Void) -> Void
    ) {
        if let filterbank {
            filterbank.withBands { starts, lengths, offsets, packed in
                body { block, emit in
                    for mel in 0..<filterbank.melCount {
                        let weights = packed + offsets[mel]
                        let source = block + starts[mel]
                        var sum = SIMD8<Float>()
                        for k in 0..<lengths[mel] { sum += source[k] * weights[k] }
                        emit(mel, sum)
                    }
                }
            }
        } else {
            let binCount = options.binCount
            body { block, emit in
                for k in 0..<binCount { emit(k, block[k]) }
            }
        }
    }
}

/// The largest value seen by several threads.
private final class ChunkMaxima: @unchecked Sendable {
    // @unchecked Sendable: `value` is only touched under `lock`.
    private let lock = NSLock()
    private var maximum = -Float.infinity

    func record(_ value: Float) {
        lock.lock()
        maximum = max(maximum, value)
        lock.unlock()
    }

    var value: Float {
        lock.lock()
        defer { lock.unlock() }
        return maximum
    }
}
