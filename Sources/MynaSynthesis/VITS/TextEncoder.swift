import MynaNN
import MynaTensor

/// VITS `TextEncoder` (`enc_p`): phoneme embedding × √hidden, six post-norm transformer layers with relative
/// attention and convolutional feed-forward blocks (`attentions.Encoder`, `FFN` with ReLU), then `proj` to the
/// prior's mean and log-scale. One sentence at a time, so every mask is all ones. Immutable; share freely.
struct TextEncoder: Sendable {
    struct Layer: Sendable {
        let attention: RelativePositionAttention
        let norm1: ChannelLayerNorm
        let feedForward1: Conv1d, feedForward2: Conv1d
        let norm2: ChannelLayerNorm
    }

    let embedding: Tensor  // [symbols, hidden]
    let layers: [Layer]
    let projection: Conv1d
    let interChannels: Int

    init(_ weights: LoadedWeights, _ c: VITSConfiguration) {
        embedding = weights["enc_p.emb.weight"]
        let padding = c.encoderKernelSize / 2
        layers = (0..<c.encoderLayerCount).map { i in
            Layer(attention: RelativePositionAttention(weights, "enc_p.encoder.attn_layers.\(i)",
                                                       headCount: c.headCount, window: c.windowSize),
                  norm1: ChannelLayerNorm(weights, "enc_p.encoder.norm_layers_1.\(i)"),
                  feedForward1: vitsConv(weights, "enc_p.encoder.ffn_layers.\(i).conv_1", padding: padding),
                  feedForward2: vitsConv(weights, "enc_p.encoder.ffn_layers.\(i).conv_2", padding: padding),
                  norm2: ChannelLayerNorm(weights, "enc_p.encoder.norm_layers_2.\(i)"))
        }
        projection = vitsConv(weights, "enc_p.proj")
        interChannels = c.interChannels
    }

    /// Phoneme ids (each < symbol count) → (encoded `x` [hidden, T], mean `m_p` [inter, T], log-scale `logs_p` [inter, T]).
    func callAsFunction(_ ids: [Int]) -> (x: Tensor, mean: Tensor, logScale: Tensor) {
        let hidden = embedding.shape[1]
        var x = (embedding.gather(axis: 0, indices: ids) * Float(hidden).squareRoot()).transposed()  // [hidden, T]
        for layer in layers {
            x = layer.norm1(x + layer.attention(x))
            let y = layer.feedForward2(layer.feedForward1(x).relu())
            x = layer.norm2(x + y)
        }
        let stats = projection(x)  // [2·inter, T]
        return (x, stats.rows(0..<interChannels), stats.rows(interChannels..<(2 * interChannels)))
    }
}
