import MynaCore
import MynaNN

extension VITSGraph {
    /// The decoder's generator architecture (`dec`), read off the graph: channels and kernels from the weights,
    /// upsampling strides and residual-block dilations from the Conv/ConvTranspose nodes. Piper's medium voices
    /// come out as upsampling 8·8·4 (kernels 16·16·8) from 256 channels with ResBlock2 kernels 3·5·7, dilations
    /// (1,2), (2,6), (3,12), and `conv_post` without bias.
    func decoderConfiguration() throws -> HiFiGANConfiguration {
        func require(_ name: String) throws -> [Int] {
            guard let shape = modelShape(name), shape.count == 3 else {
                throw WeightLoadingError(.missing, location: reader.location, key: name,
                                         message: "not a Piper VITS voice: the decoder has no \(name)")
            }
            return shape
        }
        let pre = try require("dec.conv_pre.weight")
        let stages = count("dec.ups.", suffix: ".weight")
        var rates: [Int] = [], kernels: [Int] = []
        for stage in 0..<stages {
            kernels.append(try require("dec.ups.\(stage).weight")[2])
            guard let stride = attribute("strides", of: "/dec/ups.\(stage)/ConvTranspose")?.first else {
                throw WeightLoadingError(.missing, location: reader.location, key: "/dec/ups.\(stage)/ConvTranspose",
                                         message: "not a Piper VITS voice: no ConvTranspose node with strides")
            }
            rates.append(stride)
        }
        let blocks = count("dec.resblocks.", suffix: modelShape("dec.resblocks.0.convs1.0.weight") != nil ? ".convs1.0.weight" : ".convs.0.weight")
        let kind: HiFiGANConfiguration.ResidualBlockKind = modelShape("dec.resblocks.0.convs1.0.weight") != nil ? .one : .two
        let list = kind == .one ? "convs1" : "convs"
        guard stages > 0, blocks > 0, blocks % stages == 0 else {
            throw WeightLoadingError(.missing, location: reader.location, key: "dec.resblocks",
                                     message: "not a Piper VITS voice: \(blocks) residual blocks for \(stages) upsampling stages")
        }
        let kernelCount = blocks / stages
        var blockKernels: [Int] = [], dilations: [[Int]] = []
        for j in 0..<kernelCount {
            blockKernels.append(try require("dec.resblocks.\(j).\(list).0.weight")[2])
            let convs = count("dec.resblocks.\(j).\(list).", suffix: ".weight")
            dilations.append(try (0..<convs).map { m in try dilation(of: "/dec/resblocks.\(j)/\(list).\(m)/Conv") })
        }
        return HiFiGANConfiguration(
            inputChannels: pre[1], upsampleRates: rates, upsampleKernelSizes: kernels, upsampleInitialChannels: pre[0],
            residualBlock: kind, residualBlockKernelSizes: blockKernels, residualBlockDilationSizes: dilations,
            conditioningChannels: modelShape("dec.cond.weight")?[1] ?? 0,
            postConvolutionHasBias: modelShape("dec.conv_post.bias") != nil)
    }
}
