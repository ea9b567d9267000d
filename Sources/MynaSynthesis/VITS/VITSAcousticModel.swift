import Foundation
import MynaCore
import MynaNN
import MynaTensor

/// The acoustic half of a Piper VITS voice: phoneme ids → latent frames `z` for the decoder (VITS `infer` up to
/// `dec`): text encoder, stochastic duration predictor in reverse, `ceil(exp(logw) · length_scale)` frames per
/// phoneme, expansion of the prior, a sample from it, and the normalising flow in reverse.
///
/// Immutable weights, `Sendable`: share one model between threads; each request's noise lives in the call.
public final class VITSAcousticModel: Sendable {
    public let configuration: VITSConfiguration
    let encoder: TextEncoder
    let durationPredictor: StochasticDurationPredictor
    let flow: ResidualCouplingFlow
    let speakerEmbedding: Tensor?  // [speakers, gin]

    /// Reads the architecture off the graph and loads the weights strictly (`VITSWeightMap`).
    public convenience init(reader: ONNXModelReader) throws {
        try self.init(graph: VITSGraph(reader))
    }

    init(graph: VITSGraph) throws {
        let c = try graph.configuration()
        let weights = try WeightLoader.load(VITSWeightMap.manifest(for: c, graph: graph), from: graph.reader)
        configuration = c
        encoder = TextEncoder(weights, c)
        durationPredictor = StochasticDurationPredictor(weights, c)
        flow = ResidualCouplingFlow(weights, c)
        speakerEmbedding = c.speakerChannels > 0 ? weights["emb_g.weight"] : nil
    }

    /// The result of the acoustic model for one sentence.
    public struct Latents: Sendable {
        /// `z` [interChannels, frames], the decoder's input.
        public var z: Tensor
        /// Frames given to each phoneme id.
        public var durations: [Int]
    }

    /// Latent frames for `ids` (each below `configuration.symbolCount`, at least one).
    public func latents(_ ids: [Int], options: VITSSynthesisOptions) throws -> Latents {
        guard !ids.isEmpty else { throw ConfigurationError(field: "phoneme ids", message: "none given; VITS needs at least one") }
        if let bad = ids.first(where: { $0 < 0 || $0 >= configuration.symbolCount }) {
            throw ConfigurationError(field: "phoneme ids", message: "\(bad) is outside this voice's 0..<\(configuration.symbolCount)")
        }
        try options.validate(speakerCount: configuration.speakerCount)
        var noise = GaussianNoise(seed: options.seed)
        let g = speakerConditioning(options.speaker)
        let (x, mean, logScale) = encoder(ids)
        let count = ids.count
        let logw = durationPredictor.logDurations(
            x, noise: Tensor(shape: [2, count], values: noise.samples(2 * count, scale: options.noiseW)), speaker: g)
        let durations = logw.map { Int((exp($0) * options.lengthScale).rounded(.up)) }
        let frames = max(durations.reduce(0, +), 1)
        var expansion: [Int] = []  // phoneme of each frame (generate_path)
        expansion.reserveCapacity(frames)
        for (phoneme, duration) in durations.enumerated() { expansion += repeatElement(phoneme, count: max(duration, 0)) }
        let channels = configuration.interChannels
        var zp = Tensor(shape: [channels, frames])
        if !expansion.isEmpty {
            let m = mean.gather(axis: 1, indices: expansion), logs = logScale.gather(axis: 1, indices: expansion)
            zp = m
            if options.noiseScale != 0 {
                let eps = Tensor(shape: [channels, frames], values: noise.samples(channels * frames, scale: options.noiseScale))
                zp = m + eps * logs.exp()
            }
        }
        return Latents(z: flow.reverse(zp, speaker: g), durations: durations)
    }

    /// `emb_g(sid)` as [gin, 1] for multi-speaker voices (speaker 0 by default), nil otherwise.
    func speakerConditioning(_ speaker: Int?) -> Tensor? {
        guard let speakerEmbedding else { return nil }
        let row = speakerEmbedding.row(speaker ?? 0)
        return row.reshaped([row.count, 1])
    }
}
