import MynaCore
import MynaTensor

extension HiFiGANGenerator {
    /// The waveform for `features` (`inputChannels × frames`, row-major, e.g. a log-mel `FeatureMatrix`'s values):
    /// `frames × hopLength` samples in (−1, 1).
    /// - Parameter conditioning: the global conditioning vector (`gin_channels` values, a speaker embedding) for
    ///   generators with `cond`; must be nil for those without.
    public func waveform(features: FeatureMatrix, conditioning: [Float]? = nil,
                         session: HiFiGANSession = HiFiGANSession()) -> [Float] {
        precondition(features.featureCount == configuration.inputChannels,
                     "HiFiGANGenerator: \(features.featureCount) input channels, the generator takes \(configuration.inputChannels)")
        precondition((conditioning?.count ?? 0) == configuration.conditioningChannels,
                     "HiFiGANGenerator: conditioning of \(conditioning?.count ?? 0) values, the generator takes \(configuration.conditioningChannels)")
        let frames = features.frameCount
        guard frames > 0 else { return [] }
        return features.values.withUnsafeBufferPointer { input in
            [Float](unsafeUninitializedCapacity: frames * hopLength) { output, initialized in
                run(input.baseAddress!, frames: frames, conditioning: conditioning, session: session,
                    output: output.baseAddress!)
                initialized = frames * hopLength
            }
        }
    }

    /// The forward pass on raw buffers: `input (inputChannels, frames)` → `output (frames · hopLength)`.
    func run(_ input: UnsafePointer<Float>, frames: Int, conditioning: [Float]?, session: HiFiGANSession,
             output: UnsafeMutablePointer<Float>) {
        let c = configuration
        var length = frames
        var largest = c.upsampleInitialChannels * frames
        for stage in 0..<c.stageCount {
            length *= c.upsampleRates[stage]
            largest = max(largest, c.channels(afterStage: stage) * length)
        }
        session.reserve(largest)
        // Shifted-GEMM convolutions copy their input with `padding` zero frames on both sides.
        var paddedLargest = preConvolution.paddedCount(length: frames)
        length = frames
        for stage in 0..<c.stageCount {
            length *= c.upsampleRates[stage]
            let padding = blocks[(stage * c.kernelCount)..<((stage + 1) * c.kernelCount)].map(\.maximumPadding).max() ?? 0
            paddedLargest = max(paddedLargest, c.channels(afterStage: stage) * (length + 2 * padding))
        }
        session.reservePadded(max(paddedLargest, postConvolution.paddedCount(length: length)))
        let scratch = session.scratch
        // Four buffers rotate: x (stage input), y (upsampled), sum (fusion), spare.
        var x = session.buffers[0], y = session.buffers[1], sum = session.buffers[2], spare = session.buffers[3]

        // (C0, frames)
        length = frames
        preConvolution.run(input, length: length, slope: nil, into: x, accumulate: false, scratch: scratch)
        if let conditioning { addConditioning(conditioning, to: x, length: length) }
        var channels = c.upsampleInitialChannels

        for stage in 0..<c.stageCount {
            // (channels, length) → lrelu → ups → (channels / 2, length · rate)
            HiFiGANActivation.leakyReLUInPlace(x, count: channels * length, slope: HiFiGANActivation.slope)
            let ups = upsamplers[stage]
            ups.weight.withUnsafeBufferPointer { w in
                ups.bias!.withUnsafeBufferPointer { b in
                    Kernels.convTranspose1d(ups.geometry, input: x, inputLength: length, weight: w.baseAddress!,
                                            bias: b.baseAddress!, output: y)
                }
            }
            channels = c.channels(afterStage: stage)
            length *= c.upsampleRates[stage]
            let count = channels * length
            // Σ_j resblocks[j](y): the first block runs on the sum itself, middle ones on a copy, the last on y.
            let stageBlocks = blocks[(stage * c.kernelCount)..<((stage + 1) * c.kernelCount)]
            for (j, block) in stageBlocks.enumerated() {
                let isFirst = j == 0, isLast = j == stageBlocks.count - 1
                let state: UnsafeMutablePointer<Float>
                if isFirst && !isLast {
                    HiFiGANActivation.copy(y, into: sum, count: count)
                    state = sum
                } else if isLast {
                    state = y
                } else {
                    HiFiGANActivation.copy(y, into: x, count: count)
                    state = x
                }
                block.apply(state, length: length, temporary: spare, scratch: scratch)
                if !isFirst && stageBlocks.count > 1 { HiFiGANActivation.add(state, into: sum, count: count) }
            }
            // The stage's output (the un-averaged sum; 1 / kernels is folded into the next layer) becomes x.
            if stageBlocks.count > 1 { swap(&x, &sum) } else { swap(&x, &y) }
        }
        // lrelu(0.01) → conv_post (1, length) → tanh
        postConvolution.run(x, length: length, slope: HiFiGANActivation.finalSlope, into: output, accumulate: false,
                            scratch: scratch)
        HiFiGANActivation.tanhInPlace(output, count: length)
    }

    /// `x[o, t] += (cond.weight · g)[o] + cond.bias[o]` for every frame t.
    private func addConditioning(_ g: [Float], to x: UnsafeMutablePointer<Float>, length: Int) {
        guard let weight = conditioningWeight, let bias = conditioningBias else { return }
        let outputs = weight.shape[0], inputs = weight.shape[1]
        weight.withUnsafeBufferPointer { w in
            bias.withUnsafeBufferPointer { b in
                g.withUnsafeBufferPointer { g in
                    for o in 0..<outputs {
                        var value = b[o]
                        for i in 0..<inputs { value += w[o * inputs + i] * g[i] }
                        let row = x + o * length
                        for t in 0..<length { row[t] += value }
                    }
                }
            }
        }
    }
}
