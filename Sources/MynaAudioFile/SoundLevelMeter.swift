/// Accumulates `SoundLevels` block by block in constant memory.
public struct SoundLevelMeter: Sendable {
    private var peak: Float = 0
    private var sumOfSquares: Double = 0
    private var sampleCount = 0
    private var frameCount = 0
    private let channelCount: Int

    public init(channelCount: Int) {
        precondition(channelCount > 0, "channelCount must be positive")
        self.channelCount = channelCount
    }

    /// Adds interleaved samples (a whole number of frames).
    public mutating func add(_ samples: UnsafeBufferPointer<Float>) {
        var blockPeak: Float = 0
        // Four partial sums keep the dependency chain short; Double keeps hours of audio accurate.
        var sums = SIMD4<Double>()
        let count = samples.count
        let quads = count / 4
        for quad in 0..<quads {
            let base = quad * 4
            let values = SIMD4<Float>(samples[base], samples[base + 1], samples[base + 2], samples[base + 3])
            let magnitudes = SIMD4<Float>(abs(values.x), abs(values.y), abs(values.z), abs(values.w))
            blockPeak = max(blockPeak, magnitudes.max())
            let wide = SIMD4<Double>(values)
            sums += wide * wide
        }
        for index in (quads * 4)..<count {
            blockPeak = max(blockPeak, abs(samples[index]))
            sums.x += Double(samples[index]) * Double(samples[index])
        }
        peak = max(peak, blockPeak)
        sumOfSquares += sums.sum()
        sampleCount += count
        frameCount += count / channelCount
    }

    /// The levels of everything added so far.
    public var levels: SoundLevels {
        SoundLevels(frameCount: frameCount, peak: peak, rms: sampleCount > 0 ? (sumOfSquares / Double(sampleCount)).squareRoot() : 0)
    }
}
