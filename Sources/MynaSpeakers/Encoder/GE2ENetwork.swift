import MynaCore
import MynaNN
import MynaTensor

/// The GE2E network of Resemblyzer 0.1.4 (`VoiceEncoder.forward`; Wan et al. 2018, "Generalized End-to-End Loss for
/// Speaker Verification"): a stacked LSTM over mel frames, its last layer's final hidden state through a linear
/// layer and a ReLU, then L2 normalisation.
///
///     mels (batch, frames, 40) → LSTM 40→256 ×3 → h_T of layer 3 (batch, 256) → linear 256→256 → ReLU → /‖·‖₂
///
/// Weights are loaded strictly from a Resemblyzer checkpoint (`pretrained.pt`, PyTorch legacy format).
/// Thread-safety: immutable and `Sendable`; each call keeps its LSTM state on its own stack.
public struct GE2ENetwork: Sendable {
    public let configuration: GE2EConfiguration
    public let lstm: LSTM
    public let linear: Linear
    /// GE2E's training-time similarity scale and offset (`similarity_weight`, `similarity_bias`): the loss scores
    /// `w · cos + b` against every speaker's centroid. Kept for reference; Myna's verification probability is
    /// calibrated separately (`GE2ECalibration`) because these were trained for a softmax over many speakers.
    public let similarityWeight: Float
    public let similarityBias: Float

    /// Loads `path` (a Resemblyzer `.pt` checkpoint) strictly: every `model_state.*` tensor must be used with the
    /// shape the configuration implies; `optimizer_state.*` is ignored.
    /// - Throws: `WeightLoadingError` naming the file and tensor, `ConfigurationError` for another mel front end.
    public init(checkpointPath path: String) throws {
        let archive = try PyTorchCheckpointReader(path: path)
        try self.init(archive: archive)
    }

    /// Loads from an opened archive (any `WeightArchive` holding the same names).
    public init(archive: some WeightArchive) throws {
        let configuration = try GE2EConfiguration(archive: archive)
        let w = try WeightLoader.load(GE2EWeightMap.manifest(for: configuration), from: archive)
        self.configuration = configuration
        lstm = LSTM(layers: (0..<configuration.layerCount).map { layer in
            LSTMCell(weightIH: w[GE2EWeightMap.lstm("weight_ih", layer: layer)],
                     weightHH: w[GE2EWeightMap.lstm("weight_hh", layer: layer)],
                     biasIH: w[GE2EWeightMap.lstm("bias_ih", layer: layer)],
                     biasHH: w[GE2EWeightMap.lstm("bias_hh", layer: layer)])
        })
        linear = Linear(weight: w[GE2EWeightMap.linearWeight], bias: w[GE2EWeightMap.linearBias])
        similarityWeight = w[GE2EWeightMap.similarityWeight].values[0]
        similarityBias = w[GE2EWeightMap.similarityBias].values[0]
    }

    /// Embeds a batch of partial utterances: `mels` `(batch, frames, melCount)` → `(batch, embeddingSize)`, each row
    /// non-negative with unit L2 norm (a row that the ReLU zeroes entirely stays zero instead of becoming NaN).
    public func callAsFunction(_ mels: Tensor) -> Tensor {
        precondition(mels.rank == 3 && mels.shape[2] == configuration.melCount,
                     "GE2ENetwork: mels \(mels.shape) must be [batch, frames, \(configuration.melCount)]")
        let batch = mels.shape[0]
        var state = lstm.initialState(batchSize: batch)
        _ = lstm(mels, state: &state)
        // hidden[-1]: the last layer's state after the last frame, (batch, H).
        var embeddings = linear(state.hidden[configuration.layerCount - 1])
        let width = configuration.embeddingSize
        embeddings.withUnsafeMutableBufferPointer { e in
            for row in 0..<batch {
                let base = e.baseAddress! + row * width
                var squares = 0.0
                for j in 0..<width {
                    base[j] = Swift.max(base[j], 0)  // ReLU
                    squares += Double(base[j]) * Double(base[j])
                }
                guard squares > 0 else { continue }
                let scale = Float(1 / squares.squareRoot())
                for j in 0..<width { base[j] *= scale }
            }
        }
        return embeddings
    }
}
