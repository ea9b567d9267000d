extension WhisperWeightMap {
    /// `<prefix>/weight` and `<prefix>/bias`: a linear layer or a convolution.
    struct Affine {
        let prefix: String
        var weight: String { "\(prefix)/weight" }
        var bias: String { "\(prefix)/bias" }
    }

    /// `<prefix>/gamma` and `<prefix>/beta`: a layer norm.
    struct Norm {
        let prefix: String
        var gamma: String { "\(prefix)/gamma" }
        var beta: String { "\(prefix)/beta" }
    }

    /// The tensors of one layer, `encoder/layer_N/…` or `decoder/layer_N/…`: self-attention (`self_attention`),
    /// cross-attention over the encoder output (`attention`, decoder layers only) and the feed-forward block (`ffn`),
    /// each after its own pre-norm. `d` is the model dimension.
    struct Layer {
        let prefix: String
        static func encoder(_ index: Int) -> Layer { Layer(prefix: "\(encoderLayerPrefix)\(index)") }
        static func decoder(_ index: Int) -> Layer { Layer(prefix: "\(decoderLayerPrefix)\(index)") }

        var selfAttentionNorm: Norm { Norm(prefix: "\(prefix)/self_attention/layer_norm") }
        /// `[3·d, d]`: query, key and value stacked.
        var selfAttentionQKV: Affine { Affine(prefix: "\(prefix)/self_attention/linear_0") }
        var selfAttentionOutput: Affine { Affine(prefix: "\(prefix)/self_attention/linear_1") }
        var crossAttentionNorm: Norm { Norm(prefix: "\(prefix)/attention/layer_norm") }
        /// `[d, d]`: the query from the decoder.
        var crossAttentionQuery: Affine { Affine(prefix: "\(prefix)/attention/linear_0") }
        /// `[2·d, d]`: key and value of the encoder output stacked.
        var crossAttentionKeyValue: Affine { Affine(prefix: "\(prefix)/attention/linear_1") }
        var crossAttentionOutput: Affine { Affine(prefix: "\(prefix)/attention/linear_2") }
        var feedForwardNorm: Norm { Norm(prefix: "\(prefix)/ffn/layer_norm") }
        /// `[4·d, d]`, then `[d, 4·d]` back.
        var feedForwardIn: Affine { Affine(prefix: "\(prefix)/ffn/linear_0") }
        var feedForwardOut: Affine { Affine(prefix: "\(prefix)/ffn/linear_1") }
    }

    /// Layer `N`'s tensors are named `<prefix>N/…`; the highest `N` stored gives the layer count.
    static let encoderLayerPrefix = "encoder/layer_"
    static let decoderLayerPrefix = "decoder/layer_"
    /// Attention heads per layer: integer scalars of CTranslate2's spec, read into `WhisperConfiguration`.
    static let encoderHeadCount = "encoder/num_heads"
    static let decoderHeadCount = "decoder/num_heads"

    /// The encoder's two input convolutions (kernel 3; the second with stride 2).
    static let conv1 = Affine(prefix: "encoder/conv1")
    static let conv2 = Affine(prefix: "encoder/conv2")
    /// Sinusoidal positions, stored: `[audioContext, d]`.
    static let encoderPositions = "encoder/position_encodings/encodings"
    static let encoderNorm = Norm(prefix: "encoder/layer_norm")
    /// Token embeddings, `[vocabulary, d]`; `decoder/projection/weight` is stored as an alias of them (tied output).
    static let embeddings = "decoder/embeddings/weight"
    /// Learned positions: `[textContext, d]`.
    static let decoderPositions = "decoder/position_encodings/encodings"
    static let decoderNorm = Norm(prefix: "decoder/layer_norm")
}
