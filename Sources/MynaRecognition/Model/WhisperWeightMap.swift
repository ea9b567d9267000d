import MynaNN

/// The tensors a CTranslate2 Whisper checkpoint must hold for `configuration`, with their shapes, and the scalars
/// it stores for CTranslate2's own use that Myna ignores. This is the model's only weight-name mapping.
enum WhisperWeightMap {
    /// CTranslate2 spec flags and metadata: read separately (`num_heads`) or fixed for Whisper (pre-norm, GELU,
    /// unscaled embeddings, no ALiBi), or used only for word timestamps (alignment heads).
    static let ignoredNames: Set<String> = [
        "decoder/activation", "decoder/alibi", "decoder/alignment_heads", "decoder/alignment_layer", "decoder/num_heads",
        "decoder/pre_norm", "decoder/scale_embeddings", "decoder/start_from_zero_embedding", "encoder/num_heads",
        "encoder/activation", "encoder/pre_norm", "decoder/alibi_use_positive_positions", "decoder/scale_alibi",
    ]

    static func manifest(for c: WhisperConfiguration) -> WeightManifest {
        let d = c.modelDimension, ffn = 4 * c.modelDimension
        var requirements: [WeightManifest.Requirement] = []
        func add(_ name: String, _ shape: [Int]) { requirements.append(.init(name, shape: shape)) }
        func norm(_ prefix: String) { add("\(prefix)/gamma", [d]); add("\(prefix)/beta", [d]) }
        func linear(_ prefix: String, _ out: Int, _ input: Int) { add("\(prefix)/weight", [out, input]); add("\(prefix)/bias", [out]) }
        func feedForward(_ prefix: String) {
            norm("\(prefix)/ffn/layer_norm")
            linear("\(prefix)/ffn/linear_0", ffn, d)
            linear("\(prefix)/ffn/linear_1", d, ffn)
        }

        add("encoder/conv1/weight", [d, c.nMels, 3]); add("encoder/conv1/bias", [d])
        add("encoder/conv2/weight", [d, d, 3]); add("encoder/conv2/bias", [d])
        add("encoder/position_encodings/encodings", [c.audioContext, d])
        for layer in 0..<c.encoderLayerCount {
            let prefix = "encoder/layer_\(layer)"
            norm("\(prefix)/self_attention/layer_norm")
            linear("\(prefix)/self_attention/linear_0", 3 * d, d)  // fused q, k, v
            linear("\(prefix)/self_attention/linear_1", d, d)
            feedForward(prefix)
        }
        norm("encoder/layer_norm")

        add("decoder/embeddings/weight", [c.vocabularySize, d])
        add("decoder/position_encodings/encodings", [c.textContext, d])
        for layer in 0..<c.decoderLayerCount {
            let prefix = "decoder/layer_\(layer)"
            norm("\(prefix)/self_attention/layer_norm")
            linear("\(prefix)/self_attention/linear_0", 3 * d, d)
            linear("\(prefix)/self_attention/linear_1", d, d)
            norm("\(prefix)/attention/layer_norm")
            linear("\(prefix)/attention/linear_0", d, d)       // query from the decoder
            linear("\(prefix)/attention/linear_1", 2 * d, d)   // fused key, value from the encoder output
            linear("\(prefix)/attention/linear_2", d, d)
            feedForward(prefix)
        }
        norm("decoder/layer_norm")
        // `decoder/projection/weight` is an alias of the embeddings (tied output projection): used as is.
        return WeightManifest(requirements: requirements, map: WeightMap(ignoredNames: ignoredNames))
    }
}
