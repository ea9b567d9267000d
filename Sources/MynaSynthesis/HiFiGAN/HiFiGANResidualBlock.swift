import MynaTensor

/// One residual block of the multi-receptive-field fusion (jik876/hifi-gan `models.ResBlock1` / `ResBlock2`).
///
/// ResBlock1, per dilation `d`: `x ← x + convs2[m](lrelu(convs1[m](lrelu(x))))`, `convs1[m]` dilated by `d`,
/// `convs2[m]` by 1. ResBlock2, per dilation: `x ← x + convs[m](lrelu(x))`. LeakyReLU slope 0.1 throughout.
/// Thread-safety: immutable; share freely.
struct HiFiGANResidualBlock: Sendable {
    let kind: HiFiGANConfiguration.ResidualBlockKind
    /// ResBlock1: `convs1`; ResBlock2: `convs`.
    let first: [HiFiGANConvolution]
    /// ResBlock1: `convs2`; ResBlock2: empty.
    let second: [HiFiGANConvolution]
    let channels: Int

    /// Runs the block in place on `state (channels, length)`, using `temporary` (same size) and `scratch`.
    func apply(_ state: UnsafeMutablePointer<Float>, length: Int, temporary: UnsafeMutablePointer<Float>,
               scratch: HiFiGANScratch) {
        let slope = HiFiGANActivation.slope
        switch kind {
        case .one:
            for (dilated, plain) in zip(first, second) {
                // temporary = convs1(lrelu(x)); x += convs2(lrelu(temporary))
                dilated.run(state, length: length, slope: slope, into: temporary, accumulate: false, scratch: scratch)
                plain.run(temporary, length: length, slope: slope, into: state, accumulate: true, scratch: scratch)
            }
        case .two:
            for conv in first {
                if conv.copiesInputFirst {
                    conv.run(state, length: length, slope: slope, into: state, accumulate: true, scratch: scratch)
                } else {
                    // im2col reads x around each tile, so its output cannot accumulate into x directly.
                    conv.run(state, length: length, slope: slope, into: temporary, accumulate: false, scratch: scratch)
                    HiFiGANActivation.add(temporary, into: state, count: channels * length)
                }
            }
        }
    }

    /// Frames of the block's input that one output frame reaches on either side: `Σ padding` of its convolutions.
    var reach: Int { (first + second).reduce(0) { $0 + $1.padding } }

    /// The widest padding of its convolutions.
    var maximumPadding: Int { (first + second).map(\.padding).max() ?? 0 }
}
