import Foundation
import MynaCore
import MynaNN
import MynaTensor

/// Whisper's weights, loaded strictly from a CTranslate2 model folder (`model.bin`, float32/float16/int8 widened to
/// Float32 once) with its tokenizer and generation settings. Immutable and `Sendable`: one model serves every
/// session (DESIGN.md §3; whisper.cpp's `whisper_context`).
public struct WhisperModel: Sendable {
    public let configuration: WhisperConfiguration
    public let encoder: WhisperEncoder
    public let decoder: WhisperDecoder
    public let tokenizer: WhisperTokenizer
    /// The folder it was read from.
    public let directory: URL

    /// Loads the model folder at `directory`.
    public init(directory: URL) throws {
        let archive = try CTranslate2ModelReader(path: directory.appendingPathComponent("model.bin").path)
        guard archive.specName == "WhisperSpec" else {
            throw ConfigurationError(field: archive.location, message: """
                is a CTranslate2 \(archive.specName) model, not a Whisper model (WhisperSpec); \
                give a faster-whisper model folder
                """)
        }
        let configuration = try WhisperConfiguration(archive: archive)
        let weights = try WeightLoader.load(WhisperWeightMap.manifest(for: configuration), from: archive)
        self.configuration = configuration
        self.encoder = Self.encoder(weights, configuration)
        self.decoder = Self.decoder(weights, configuration)
        self.tokenizer = try WhisperTokenizer(modelDirectory: directory)
        self.directory = directory
    }

    private static func linear(_ w: LoadedWeights, _ prefix: String) -> Linear {
        Linear(weight: w["\(prefix)/weight"], bias: w["\(prefix)/bias"])
    }

    private static func norm(_ w: LoadedWeights, _ prefix: String) -> LayerNorm {
        LayerNorm(weight: w["\(prefix)/gamma"], bias: w["\(prefix)/beta"], epsilon: 1e-5)
    }

    private static func encoder(_ w: LoadedWeights, _ c: WhisperConfiguration) -> WhisperEncoder {
        WhisperEncoder(
            conv1: Conv1d(weight: w["encoder/conv1/weight"], bias: w["encoder/conv1/bias"], stride: 1, padding: 1),
            conv2: Conv1d(weight: w["encoder/conv2/weight"], bias: w["encoder/conv2/bias"], stride: 2, padding: 1),
            positions: w["encoder/position_encodings/encodings"],
            layers: (0..<c.encoderLayerCount).map { index in
                let p = "encoder/layer_\(index)"
                return WhisperEncoderLayer(
                    attentionNorm: norm(w, "\(p)/self_attention/layer_norm"),
                    attention: MultiHeadAttention(projections: .fusedQKV(linear(w, "\(p)/self_attention/linear_0")),
                                                  output: linear(w, "\(p)/self_attention/linear_1"),
                                                  headCount: c.encoderHeadCount),
                    feedForwardNorm: norm(w, "\(p)/ffn/layer_norm"),
                    feedForwardIn: linear(w, "\(p)/ffn/linear_0"),
                    feedForwardOut: linear(w, "\(p)/ffn/linear_1"))
            },
            norm: norm(w, "encoder/layer_norm"))
    }

    private static func decoder(_ w: LoadedWeights, _ c: WhisperConfiguration) -> WhisperDecoder {
        WhisperDecoder(
            embedding: Embedding(weight: w["decoder/embeddings/weight"]),
            positions: w["decoder/position_encodings/encodings"],
            layers: (0..<c.decoderLayerCount).map { index in
                let p = "decoder/layer_\(index)"
                return WhisperDecoderLayer(
                    selfAttentionNorm: norm(w, "\(p)/self_attention/layer_norm"),
                    selfAttention: MultiHeadAttention(projections: .fusedQKV(linear(w, "\(p)/self_attention/linear_0")),
                                                      output: linear(w, "\(p)/self_attention/linear_1"),
                                                      headCount: c.decoderHeadCount),
                    crossAttentionNorm: norm(w, "\(p)/attention/layer_norm"),
                    crossAttention: MultiHeadAttention(
                        projections: .queryAndFusedKeyValue(query: linear(w, "\(p)/attention/linear_0"),
                                                            keyValue: linear(w, "\(p)/attention/linear_1")),
                        output: linear(w, "\(p)/attention/linear_2"), headCount: c.decoderHeadCount),
                    feedForwardNorm: norm(w, "\(p)/ffn/layer_norm"),
                    feedForwardIn: linear(w, "\(p)/ffn/linear_0"),
                    feedForwardOut: linear(w, "\(p)/ffn/linear_1"))
            },
            norm: norm(w, "decoder/layer_norm"))
    }
}
