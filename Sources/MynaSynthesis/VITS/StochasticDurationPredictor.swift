import Foundation
import MynaNN
import MynaTensor

/// VITS `StochasticDurationPredictor` (`dp`) run in reverse: noise `[2, T]` × `noise_w` through the ConvFlows and
/// flips in reverse order (the unused `flows.1` dropped, as VITS does) and the ElementwiseAffine, conditioned on the
/// text encoding; channel 0 of the result is the log-duration of each phoneme. Immutable; share freely.
struct StochasticDurationPredictor: Sendable {
    /// `modules.ConvFlow`: splits two channels, conditions a DDSConv on channel 0 and the encoder features, and
    /// transforms channel 1 by a rational-quadratic spline.
    struct ConvFlow: Sendable {
        let pre: Conv1d
        let convs: DDSConv
        let proj: Conv1d
    }

    let pre: Conv1d
    let convs: DDSConv
    let proj: Conv1d
    let condition: Conv1d?
    /// Reverse order of application.
    let flows: [ConvFlow]
    let affineShift: [Float]   // dp.flows.0.m
    let affineScale: [Float]   // exp(−dp.flows.0.logs)
    let spline: RationalQuadraticSpline
    let channels: Int

    init(_ weights: LoadedWeights, _ c: VITSConfiguration) {
        let d = c.durationPredictor
        pre = vitsConv(weights, "dp.pre")
        convs = DDSConv(weights, "dp.convs", kernelSize: d.kernelSize, dilations: d.dilations)
        proj = vitsConv(weights, "dp.proj")
        condition = c.speakerChannels > 0 ? vitsConv(weights, "dp.cond") : nil
        flows = d.convFlowIndices.map { index in
            ConvFlow(pre: vitsConv(weights, "dp.flows.\(index).pre"),
                     convs: DDSConv(weights, "dp.flows.\(index).convs", kernelSize: d.kernelSize, dilations: d.dilations),
                     proj: vitsConv(weights, "dp.flows.\(index).proj"))
        }
        affineShift = weights["dp.flows.0.m"].values
        affineScale = weights[VITSWeightMap.affineScale].values
        spline = RationalQuadraticSpline(binCount: d.binCount, tailBound: d.tailBound)
        channels = d.channels
    }

    /// Log-durations `[T]` for the encoded text `x` [hidden, T], from `noise` [2, T] (already scaled by noise_w)
    /// and the speaker conditioning `g` [gin, 1] of multi-speaker voices.
    func logDurations(_ encoded: Tensor, noise: Tensor, speaker g: Tensor?) -> [Float] {
        var x = pre(encoded)
        if let condition, let g { x = x + condition(g) }
        x = proj(convs(x))                               // [channels, T]
        let frames = x.shape[1]
        var z = noise.values                              // [2 × T]
        var scratch = RationalQuadraticSpline.Scratch(binCount: spline.binCount)
        let bins = spline.binCount, width = Float(channels).squareRoot()
        for flow in flows {
            // Flip (channels reversed), then the ConvFlow in reverse.
            let flipped = Array(z[frames..<(2 * frames)]) + Array(z[0..<frames])
            let x0 = Tensor(shape: [1, frames], values: Array(flipped[0..<frames]))
            let h = flow.proj(flow.convs(flow.pre(x0), conditioning: x))  // [3·bins − 1, T]
            var x1 = Array(flipped[frames..<(2 * frames)])
            h.withUnsafeBufferPointer { p in
                for t in 0..<frames {
                    x1[t] = spline.inverse(x1[t],
                                           widths: { p[$0 * frames + t] / width },
                                           heights: { p[(bins + $0) * frames + t] / width },
                                           derivatives: { p[(2 * bins + $0) * frames + t] },
                                           scratch: &scratch)
                }
            }
            z = Array(flipped[0..<frames]) + x1
        }
        // Last flip (flows.2), then ElementwiseAffine in reverse: (z − m) · exp(−logs).
        let flipped = Array(z[frames..<(2 * frames)]) + Array(z[0..<frames])
        return (0..<frames).map { t in (flipped[t] - affineShift[0]) * affineScale[0] }
    }
}
