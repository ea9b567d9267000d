import MynaCore
import MynaNN
import MynaTensor

/// A HiFi-GAN generator as a `Vocoder`: the decoder `dec` of a Piper VITS voice (latent frames → waveform), with the
/// architecture read off the voice's graph (`VITSGraph.decoderConfiguration`) and the weights loaded strictly.
///
/// Immutable and `Sendable`.
public struct HiFiGANVocoder: Vocoder {
    public let generator: HiFiGANGenerator
    public let sampleRate: Int

    public var input: VocoderInput {
        VocoderInput(featureCount: generator.configuration.inputChannels, hopLength: generator.hopLength, mel: nil,
                     contextFrames: generator.contextFrames)
    }

    public func waveform(from features: FeatureMatrix) throws -> [Float] {
        try validate(features)
        return generator.waveform(features: features)
    }

    /// The decoder of a VITS voice: tensors `dec.*` of the ONNX graph (weight norm already folded by the exporter).
    init(vitsGraph graph: VITSGraph, sampleRate: Int) throws {
        let configuration = try graph.decoderConfiguration()
        let reader = graph.reader
        let rules = HiFiGANWeightMap.onnxRules(for: configuration, prefix: "dec.", nodeScope: "/dec", archive: reader)
        let used = Set(rules.flatMap(\.sources))
        let others = Set(reader.names.filter { !$0.hasPrefix("dec.") && !used.contains($0) })
        let manifest = WeightManifest(requirements: HiFiGANWeightMap.requirements(for: configuration, prefix: "dec."),
                                      map: WeightMap(rules: rules, ignoredNames: others))
        generator = try HiFiGANGenerator(configuration: configuration, weights: WeightLoader.load(manifest, from: reader),
                                         prefix: "dec.")
        self.sampleRate = sampleRate
    }

    /// The waveform for `z` [channels, frames], with the speaker vector of a multi-speaker voice.
    func waveform(latents z: Tensor, conditioning: [Float]?) throws -> [Float] {
        let features = FeatureMatrix(featureCount: z.shape[0], frameCount: z.shape[1], values: z.values)
        try validate(features)
        return generator.waveform(features: features, conditioning: conditioning)
    }
}
