import MynaNN

/// The tensors a CTranslate2 Whisper checkpoint must hold for `configuration`, with their shapes, and the scalars
/// it stores for CTranslate2's own use that Myna ignores. This is the model's only weight-name mapping: the names
/// themselves are spelt once, in `WhisperWeightMap+Names.swift`, and `WhisperModel` reads the tensors by them.
enum WhisperWeightMap {
    /// CTranslate2 spec flags and metadata: read separately (`num_heads`) or fixed for Whisper (pre-norm, GELU,
    /// unscaled embeddings, no ALiBi), or used only for word timestamps (alignment heads).
    static let ignoredNames: Set<String> = [
        "decoder/activation", "decoder/alibi", "decoder/alignment_heads", "decoder/alignment_layer", decoderHeadCount,
        "decoder/pre_norm", "decoder/scale_embeddings", "decoder/start_from_zero_embedding", encoderHeadCount,
        "encoder/activation", "encoder/pre_norm", "decoder/alibi_use_positive_positions", "decoder/scale_alibi",
    ]

    static func manifest(for c: WhisperConfiguration) -> WeightManifest {
        let d = c.modelDimension, ffn = 4 * c.modelDimension
        var requirements: [WeightManifest.Requirement] = []
        func add(_ name: String, _ shape: [Int]) { requirements.append(.init(name, shape: shape)) }
        func norm(_ names: Norm) { add(names.gamma, [d]); add(names.beta, [d]) }
        /// `weight` of `shape`, then a bias of one value per output (`shape[0]`).
        func affine(_ names: Affine, _ shape: [Int]) { add(names.weight, shape); add(names.bias, [shape[0]]) }
        func selfAttention(_ layer: Layer) {
            norm(layer.selfAttentionNorm)
            affine(layer.selfAttentionQKV, [3 * d, d])
            affine(layer.selfAttentionOutput, [d, d])
        }
        func feedForward(_ layer: Layer) {
            norm(layer.feedForwardNorm)
            affine(layer.feedForwardIn, [ffn, d])
            affine(layer.feedForwardOut, [d, ffn])
        }

        affine(conv1, [d, c.nMels, 3])
        affine(conv2, [d, d, 3])
        add(encoderPositions, [c.audioContext, d])
        for index in 0..<c.encoderLayerCount {
            let layer = Layer.encoder(index)
            selfAttention(layer)
            feedForward(layer)
        }
        norm(encoderNorm)

        add(embeddings, [c.vocabularySize, d])
        add(decoderPositions, [c.textContext, d])
        for index in 0..<c.decoderLayerCount {
            let layer = Layer.decoder(index)
            selfAttention(layer)
            norm(layer.crossAttentionNorm)
            affine(layer.crossAttentionQuery, [d, d])
            affine(layer.crossAttentionKeyValue, [2 * d, d])
            affine(layer.crossAttentionOutput, [d, d])
            feedForward(layer)
        }
        norm(decoderNorm)
        // `decoder/projection/weight` is an alias of the embeddings (tied output projection): used as is.
        return WeightManifest(requirements: requirements, map: WeightMap(ignoredNames: ignoredNames))
    }
}
