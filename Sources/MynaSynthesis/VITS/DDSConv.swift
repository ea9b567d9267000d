import MynaNN
import MynaTensor

/// VITS `modules.DDSConv`: dilated depthwise-separable convolutions, each followed by channel layer norm, GELU,
/// a 1×1 convolution, layer norm and GELU, added back residually. An optional conditioning `g` (same shape as `x`,
/// or one frame to broadcast) is added first. Immutable; share freely.
struct DDSConv: Sendable {
    struct Layer: Sendable {
        let separable: Conv1d   // depthwise, groups = channels
        let norm1: ChannelLayerNorm
        let pointwise: Conv1d
        let norm2: ChannelLayerNorm
    }

    let layers: [Layer]

    init(_ weights: LoadedWeights, _ prefix: String, kernelSize: Int, dilations: [Int]) {
        layers = dilations.enumerated().map { i, dilation in
            let weight = weights["\(prefix).convs_sep.\(i).weight"]
            return Layer(separable: Conv1d(weight: weight, bias: weights["\(prefix).convs_sep.\(i).bias"],
                                           padding: (kernelSize * dilation - dilation) / 2, dilation: dilation,
                                           groups: weight.shape[0]),
                         norm1: ChannelLayerNorm(weights, "\(prefix).norms_1.\(i)"),
                         pointwise: vitsConv(weights, "\(prefix).convs_1x1.\(i)"),
                         norm2: ChannelLayerNorm(weights, "\(prefix).norms_2.\(i)"))
        }
    }

    /// `x`: [channels, frames] → [channels, frames].
    func callAsFunction(_ input: Tensor, conditioning g: Tensor? = nil) -> Tensor {
        var x = g.map { input + $0 } ?? input
        for layer in layers {
            let y = layer.norm2(layer.pointwise(layer.norm1(layer.separable(x)).gelu())).gelu()
            x = x + y
        }
        return x
    }
}
