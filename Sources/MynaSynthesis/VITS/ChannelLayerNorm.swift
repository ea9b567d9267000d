import MynaNN
import MynaTensor

/// VITS `modules.LayerNorm`: layer normalisation over the channels of each frame of a `[channels, frames]` tensor
/// (PyTorch's `F.layer_norm` after a transpose), ε = 1e-5. Immutable; share freely.
struct ChannelLayerNorm: Sendable {
    let gamma: Tensor  // [channels]
    let beta: Tensor   // [channels]
    let epsilon: Float = 1e-5

    init(_ weights: LoadedWeights, _ prefix: String) {
        gamma = weights["\(prefix).gamma"]
        beta = weights["\(prefix).beta"]
    }

    /// `x`: [channels, frames] → [channels, frames].
    func callAsFunction(_ x: Tensor) -> Tensor {
        let channels = x.shape[0], frames = x.shape[1]
        return Tensor(shape: x.shape) { out in
            x.withUnsafeBufferPointer { input in
                gamma.withUnsafeBufferPointer { g in
                    beta.withUnsafeBufferPointer { b in
                        var mean = [Float](repeating: 0, count: frames), squares = [Float](repeating: 0, count: frames)
                        for c in 0..<channels {
                            let row = c * frames
                            for t in 0..<frames { mean[t] += input[row + t] }
                        }
                        let scale = 1 / Float(channels)
                        for t in 0..<frames { mean[t] *= scale }
                        for c in 0..<channels {
                            let row = c * frames
                            for t in 0..<frames { let d = input[row + t] - mean[t]; squares[t] += d * d }
                        }
                        for t in 0..<frames { squares[t] = 1 / (squares[t] * scale + epsilon).squareRoot() }
                        for c in 0..<channels {
                            let row = c * frames
                            for t in 0..<frames { out[row + t] = (input[row + t] - mean[t]) * squares[t] * g[c] + b[c] }
                        }
                    }
                }
            }
        }
    }
}

/// A PyTorch `nn.Conv1d` read from `prefix.weight` / `prefix.bias`, with padding and dilation.
func vitsConv(_ weights: LoadedWeights, _ prefix: String, padding: Int = 0, dilation: Int = 1, groups: Int = 1,
              bias: Bool = true) -> Conv1d {
    Conv1d(weight: weights["\(prefix).weight"], bias: bias ? weights["\(prefix).bias"] : nil, padding: padding,
           dilation: dilation, groups: groups)
}
