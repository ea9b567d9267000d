import Foundation
import MynaNN
import MynaTensor

/// VITS `modules.WN`: a non-causal WaveNet of dilated convolutions with gated tanh·sigmoid activations, residual
/// and skip connections, the conditioning network of each residual coupling layer. Immutable; share freely.
struct WaveNet: Sendable {
    struct Layer: Sendable {
        let input: Conv1d      // hidden → 2·hidden, dilated
        let residualSkip: Conv1d  // hidden → 2·hidden (last layer: hidden, skip only)
    }

    let layers: [Layer]
    /// Speaker conditioning → 2·hidden per layer (multi-speaker voices).
    let condition: Conv1d?
    let hidden: Int

    init(_ weights: LoadedWeights, _ prefix: String, _ flow: VITSConfiguration.Flow, speakers: Bool) {
        layers = flow.dilations.enumerated().map { i, dilation in
            Layer(input: vitsConv(weights, "\(prefix).in_layers.\(i)", padding: (flow.kernelSize * dilation - dilation) / 2,
                                  dilation: dilation),
                  residualSkip: vitsConv(weights, "\(prefix).res_skip_layers.\(i)"))
        }
        condition = speakers ? vitsConv(weights, "\(prefix).cond_layer") : nil
        hidden = weights["\(prefix).res_skip_layers.0.weight"].shape[1]
    }

    /// `x`: [hidden, frames] → skip sum [hidden, frames]; `g`: speaker embedding [gin, 1].
    func callAsFunction(_ input: Tensor, speaker g: Tensor?) -> Tensor {
        var x = input
        let frames = x.shape[1]
        var output = Tensor(shape: [hidden, frames])
        let conditioning = condition.flatMap { c in g.map { c($0) } }  // [2·hidden·layers, 1]
        for (i, layer) in layers.enumerated() {
            var gates = layer.input(x)  // [2·hidden, frames]
            if let conditioning { gates = gates + conditioning.rows((2 * hidden * i)..<(2 * hidden * (i + 1))) }
            let acts = Tensor(shape: [hidden, frames]) { out in   // tanh(a) · σ(b), fused_add_tanh_sigmoid_multiply
                gates.withUnsafeBufferPointer { a in
                    let half = hidden * frames
                    for k in 0..<half { out[k] = tanhf(a[k]) / (1 + expf(-a[half + k])) }
                }
            }
            let residualSkip = layer.residualSkip(acts)
            if i < layers.count - 1 {
                x = x + residualSkip.rows(0..<hidden)
                output = output + residualSkip.rows(hidden..<(2 * hidden))
            } else {
                output = output + residualSkip
            }
        }
        return output
    }
}

/// VITS `ResidualCouplingBlock` (`flow`) in reverse: for each mean-only residual coupling layer, from the last,
/// flip the channels and subtract the mean predicted from the first half from the second half.
struct ResidualCouplingFlow: Sendable {
    struct Coupling: Sendable {
        let pre: Conv1d
        let waveNet: WaveNet
        let post: Conv1d
    }

    /// In forward order (`flow.flows.0, 2, 4, 6`).
    let couplings: [Coupling]

    init(_ weights: LoadedWeights, _ c: VITSConfiguration) {
        couplings = c.flow.couplingIndices.map { index in
            let p = "flow.flows.\(index)"
            return Coupling(pre: vitsConv(weights, "\(p).pre"),
                            waveNet: WaveNet(weights, "\(p).enc", c.flow, speakers: c.speakerChannels > 0),
                            post: vitsConv(weights, "\(p).post"))
        }
    }

    /// `z_p` [inter, frames] → `z` [inter, frames].
    func reverse(_ input: Tensor, speaker g: Tensor?) -> Tensor {
        var x = input
        let channels = x.shape[0], half = channels / 2
        for coupling in couplings.reversed() {
            x = x.gather(axis: 0, indices: Array((0..<channels).reversed()))  // Flip
            let x0 = x.rows(0..<half), x1 = x.rows(half..<channels)
            let h = coupling.waveNet(coupling.pre(x0), speaker: g)
            let mean = coupling.post(h)
            x = Tensor.concatenate([x0, x1 - mean], axis: 0)
        }
        return x
    }
}
