import MynaCore
import MynaDSP
import MynaNN

/// The GE2E encoder's architecture, read off the checkpoint's shapes (Resemblyzer's `hparams.py`: `mel_n_channels`
/// 40, `model_hidden_size` 256, `model_num_layers` 3, `model_embedding_size` 256), so that another checkpoint of the
/// same format with other sizes loads too.
public struct GE2EConfiguration: Sendable, Hashable, Codable {
    /// Mel channels per frame the LSTM reads (`mel_n_channels`); must be `GE2EMelExtractor.melCount`.
    public var melCount: Int
    /// LSTM hidden size (`model_hidden_size`).
    public var hiddenSize: Int
    /// Stacked LSTM layers (`model_num_layers`).
    public var layerCount: Int
    /// Embedding size, the linear layer's output (`model_embedding_size`).
    public var embeddingSize: Int

    public init(melCount: Int, hiddenSize: Int, layerCount: Int, embeddingSize: Int) {
        self.melCount = melCount
        self.hiddenSize = hiddenSize
        self.layerCount = layerCount
        self.embeddingSize = embeddingSize
    }

    /// Reads the sizes from `model_state.lstm.weight_ih_l0 [4H, mels]`, the number of `weight_ih_lN` tensors and
    /// `model_state.linear.weight [E, H]`.
    /// - Throws: `WeightLoadingError` when the tensors that define the sizes are missing or not matrices,
    ///   `ConfigurationError` when the checkpoint expects other mel features than Resemblyzer's 40.
    public init(archive: some WeightArchive) throws {
        func matrix(_ name: String) throws -> [Int] {
            let shape = try archive.entry(named: name).shape
            guard shape.count == 2 else {
                throw WeightLoadingError(.shapeMismatch, location: archive.location, key: name, actualShape: shape,
                                         message: "shape \(shape) in the file, a GE2E encoder needs a matrix here")
            }
            return shape
        }
        let input = try matrix(GE2EWeightMap.lstm("weight_ih", layer: 0))
        let linear = try matrix(GE2EWeightMap.linearWeight)
        var layers = 1
        while (try? archive.entry(named: GE2EWeightMap.lstm("weight_ih", layer: layers))) != nil { layers += 1 }
        guard input[0] % 4 == 0 else {
            throw WeightLoadingError(.shapeMismatch, location: archive.location, key: GE2EWeightMap.lstm("weight_ih", layer: 0),
                                     actualShape: input, message: "shape \(input): the first axis must be 4 × the hidden size")
        }
        self.init(melCount: input[1], hiddenSize: input[0] / 4, layerCount: layers, embeddingSize: linear[0])
        guard melCount == GE2EMelExtractor.melCount else {
            throw ConfigurationError(field: archive.location, message: """
                this encoder reads \(melCount) mel channels per frame; Resemblyzer's GE2E front end gives \
                \(GE2EMelExtractor.melCount)
                """)
        }
    }
}
