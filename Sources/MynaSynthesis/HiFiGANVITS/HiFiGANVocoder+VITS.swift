import MynaCore
import MynaNN
import MynaTensor

extension HiFiGANVocoder {
    /// The decoder `dec` of a Piper VITS voice as a vocoder of latent frames: the architecture read off the voice's
    /// graph (`VITSGraph.decoderConfiguration`), the `dec.*` tensors loaded strictly (weight norm already folded by
    /// the exporter; renamed ones found through their nodes, `HiFiGANWeightMap.onnxRules`).
    init(vitsGraph graph: VITSGraph, sampleRate: Int) throws {
        let configuration = try graph.decoderConfiguration()
        let reader = graph.reader
        let rules = HiFiGANWeightMap.onnxRules(for: configuration, prefix: "dec.", nodeScope: "/dec", archive: reader)
        let used = Set(rules.flatMap(\.sources))
        let others = Set(reader.names.filter { !$0.hasPrefix("dec.") && !used.contains($0) })
        let manifest = WeightManifest(requirements: HiFiGANWeightMap.requirements(for: configuration, prefix: "dec."),
                                      map: WeightMap(rules: rules, ignoredNames: others))
        let generator = try HiFiGANGenerator(configuration: configuration, weights: WeightLoader.load(manifest, from: reader),
                                             prefix: "dec.")
        try self.init(generator: generator, sampleRate: sampleRate, mel: nil)
    }

    /// The waveform for `z` [channels, frames], with the speaker vector of a multi-speaker voice, computed in
    /// `session`'s scratch (one per request, reused sentence after sentence).
    func waveform(latents z: Tensor, conditioning: [Float]?, session: HiFiGANSession) throws -> [Float] {
        let features = FeatureMatrix(featureCount: z.shape[0], frameCount: z.shape[1], values: z.values)
        return try waveform(from: features, conditioning: conditioning, session: session)
    }
}
