import MynaNN

/// The tensors of a Resemblyzer checkpoint (`torch.save({"step", "model_state", "optimizer_state"})`) that the
/// encoder uses, spelled as the checkpoint spells them, and the training state it may ignore. This is the model's
/// only weight-name mapping; names are used as stored (no renaming rules).
enum GE2EWeightMap {
    static let prefix = "model_state."
    static let linearWeight = "model_state.linear.weight"
    static let linearBias = "model_state.linear.bias"
    /// GE2E's learned similarity scale `w` and offset `b` (`similarity_weight`, `similarity_bias`, initialised to 10
    /// and −5): the training loss's `w · cos + b`. Loaded and kept for reference; not used to embed.
    static let similarityWeight = "model_state.similarity_weight"
    static let similarityBias = "model_state.similarity_bias"
    /// Adam's moments and the training step: unused at inference.
    static let ignoredPrefixes = ["optimizer_state."]

    /// `model_state.lstm.<kind>_l<layer>`, for example `model_state.lstm.weight_hh_l2`.
    static func lstm(_ kind: String, layer: Int) -> String { "\(prefix)lstm.\(kind)_l\(layer)" }

    static func manifest(for c: GE2EConfiguration) -> WeightManifest {
        var requirements: [WeightManifest.Requirement] = []
        for layer in 0..<c.layerCount {
            let input = layer == 0 ? c.melCount : c.hiddenSize
            requirements.append(.init(lstm("weight_ih", layer: layer), shape: [4 * c.hiddenSize, input]))
            requirements.append(.init(lstm("weight_hh", layer: layer), shape: [4 * c.hiddenSize, c.hiddenSize]))
            requirements.append(.init(lstm("bias_ih", layer: layer), shape: [4 * c.hiddenSize]))
            requirements.append(.init(lstm("bias_hh", layer: layer), shape: [4 * c.hiddenSize]))
        }
        requirements.append(.init(linearWeight, shape: [c.embeddingSize, c.hiddenSize]))
        requirements.append(.init(linearBias, shape: [c.embeddingSize]))
        requirements.append(.init(similarityWeight, shape: [1]))
        requirements.append(.init(similarityBias, shape: [1]))
        return WeightManifest(requirements: requirements, map: WeightMap(ignoredPrefixes: ignoredPrefixes))
    }
}
