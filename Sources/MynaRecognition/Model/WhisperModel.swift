import Foundation
import MynaCore
import MynaNN
import MynaTensor

/// Whisper's weights, loaded strictly from a CTranslate2 model folder (`model.bin`, float32/float16/int8 widened to
/// Float32 once, except the decoder's per-step weights and token table, which stay binary16 when the file stores them
/// so) with its tokenizer and generation settings. Immutable and `Sendable`: one model serves every session
/// (DESIGN.md §3; whisper.cpp's `whisper_context`).
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

    private typealias Names = WhisperWeightMap

    private static func linear(_ w: LoadedWeights, _ names: Names.Affine) -> Linear {
        Linear(weight: w[names.weight], bias: w[names.bias])
    }

    private static func norm(_ w: LoadedWeights, _ names: Names.Norm) -> LayerNorm {
        LayerNorm(weight: w[names.gamma], bias: w[names.beta], epsilon: 1e-5)
    }

    private static func encoder(_ w: LoadedWeights, _ c: WhisperConfiguration) -> WhisperEncoder {
        WhisperEncoder(
            conv1: Conv1d(weight: w[Names.conv1.weight], bias: w[Names.conv1.bias], stride: 1, padding: 1),
            conv2: Conv1d(weight: w[Names.conv2.weight], bias: w[Names.conv2.bias], stride: 2, padding: 1),
            positions: w[Names.encoderPositions],
            layers: (0..<c.encoderLayerCount).map { encoderLayer(w, .encoder($0), heads: c.encoderHeadCount) },
            norm: norm(w, Names.encoderNorm))
    }

    private static func decoder(_ w: LoadedWeights, _ c: WhisperConfiguration) -> WhisperDecoder {
        WhisperDecoder(
            tokens: WhisperTokenWeights(w[Names.embeddings]),
            positions: w[Names.decoderPositions],
            layers: (0..<c.decoderLayerCount).map { decoderLayer(w, .decoder($0), heads: c.decoderHeadCount) },
            norm: norm(w, Names.decoderNorm))
    }

    private static func encoderLayer(_ w: LoadedWeights, _ names: Names.Layer, heads: Int) -> WhisperEncoderLayer {
        WhisperEncoderLayer(
            attentionNorm: norm(w, names.selfAttentionNorm),
            attention: selfAttention(w, names, heads: heads),
            feedForwardNorm: norm(w, names.feedForwardNorm),
            feedForwardIn: linear(w, names.feedForwardIn),
            feedForwardOut: linear(w, names.feedForwardOut))
    }

    /// Self-attention with query, key and value in one projection: the same in encoder and decoder layers.
    private static func selfAttention(_ w: LoadedWeights, _ layer: Names.Layer, heads: Int) -> MultiHeadAttention {
        MultiHeadAttention(projections: .fusedQKV(linear(w, layer.selfAttentionQKV)),
                           output: linear(w, layer.selfAttentionOutput), headCount: heads)
    }

    /// The products of every decoding step (a few rows: the beams' new tokens) keep a float16 file's weights in
    /// binary16, halving the bytes a step reads. The cross-attention keys and values are projected once per window
    /// from 1500 frames, a compute-bound product that stays Float32.
    private static func decoderLayer(_ w: LoadedWeights, _ names: Names.Layer, heads: Int) -> WhisperDecoderLayer {
        func stepLinear(_ names: Names.Affine) -> Linear { linear(w, names).keepingHalfPrecision() }
        return WhisperDecoderLayer(
            selfAttentionNorm: norm(w, names.selfAttentionNorm),
            selfAttention: MultiHeadAttention(projections: .fusedQKV(stepLinear(names.selfAttentionQKV)),
                                              output: stepLinear(names.selfAttentionOutput), headCount: heads),
            crossAttentionNorm: norm(w, names.crossAttentionNorm),
            crossAttention: MultiHeadAttention(
                projections: .queryAndFusedKeyValue(query: stepLinear(names.crossAttentionQuery),
                                                    keyValue: linear(w, names.crossAttentionKeyValue)),
                output: stepLinear(names.crossAttentionOutput), headCount: heads),
            feedForwardNorm: norm(w, names.feedForwardNorm),
            feedForwardIn: stepLinear(names.feedForwardIn),
            feedForwardOut: stepLinear(names.feedForwardOut))
    }
}
