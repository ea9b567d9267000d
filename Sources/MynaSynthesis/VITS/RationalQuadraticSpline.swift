import Foundation

/// The inverse of a monotonic rational-quadratic spline with linear tails (Durkan et al. 2019, "Neural Spline
/// Flows"; VITS `transforms.unconstrained_rational_quadratic_spline(..., inverse=True, tails="linear")`), the
/// coupling transform of the stochastic duration predictor's ConvFlows.
///
/// Float32 throughout, in the same operation order as the reference, so that the durations (which are rounded up to
/// whole frames afterwards) come out the same.
struct RationalQuadraticSpline {
    static let minimumBinWidth: Float = 1e-3
    static let minimumBinHeight: Float = 1e-3
    static let minimumDerivative: Float = 1e-3

    let binCount: Int
    let tailBound: Float
    /// `log(exp(1 − min_derivative) − 1)`: the boundary derivative parameter that makes the slope 1 at ±tailBound.
    let boundaryDerivative: Float

    init(binCount: Int, tailBound: Float) {
        self.binCount = binCount
        self.tailBound = tailBound
        boundaryDerivative = Float(log(exp(Double(1 - Self.minimumDerivative)) - 1))
    }

    /// Inverts the spline at `y` with the bins' unnormalised widths and heights (`binCount` each) and inner
    /// derivatives (`binCount − 1`), read from `parameters` at `widths`, `heights`, `derivatives` with `stride`.
    func inverse(_ y: Float, widths w: (Int) -> Float, heights h: (Int) -> Float, derivatives d: (Int) -> Float,
                 scratch: inout Scratch) -> Float {
        guard y >= -tailBound && y <= tailBound else { return y }
        let n = binCount
        let left = -tailBound, right = tailBound, bottom = -tailBound, top = tailBound
        Self.knots(n, minimum: Self.minimumBinWidth, lower: left, upper: right, unnormalised: w,
                   softmax: &scratch.softmax, knots: &scratch.cumulativeWidths)
        Self.knots(n, minimum: Self.minimumBinHeight, lower: bottom, upper: top, unnormalised: h,
                   softmax: &scratch.softmax, knots: &scratch.cumulativeHeights)
        // searchsorted on the heights, with eps added to the last knot as the reference does.
        var bin = -1
        for k in 0...n {
            let location = k == n ? scratch.cumulativeHeights[k] + 1e-6 : scratch.cumulativeHeights[k]
            if y >= location { bin += 1 }
        }
        bin = min(max(bin, 0), n - 1)
        func derivative(_ k: Int) -> Float {
            let parameter = (k == 0 || k == n) ? boundaryDerivative : d(k - 1)
            return Self.minimumDerivative + Self.softplus(parameter)
        }
        let cw = scratch.cumulativeWidths[bin], binWidth = scratch.cumulativeWidths[bin + 1] - cw
        let ch = scratch.cumulativeHeights[bin], binHeight = scratch.cumulativeHeights[bin + 1] - ch
        let delta = binHeight / binWidth
        let d0 = derivative(bin), d1 = derivative(bin + 1)
        let offset = y - ch
        let a = offset * (d0 + d1 - 2 * delta) + binHeight * (delta - d0)
        let b = binHeight * d0 - offset * (d0 + d1 - 2 * delta)
        let c = -delta * offset
        let discriminant = b * b - 4 * a * c
        let root = (2 * c) / (-b - discriminant.squareRoot())
        return root * binWidth + cw
    }

    /// Buffers reused across calls.
    struct Scratch {
        var softmax: [Float]
        var cumulativeWidths: [Float]
        var cumulativeHeights: [Float]

        init(binCount: Int) {
            softmax = [Float](repeating: 0, count: binCount)
            cumulativeWidths = [Float](repeating: 0, count: binCount + 1)
            cumulativeHeights = [Float](repeating: 0, count: binCount + 1)
        }
    }

    /// Knot positions: softmax, floor at `minimum`, cumulative sum, scaled to [lower, upper], ends pinned.
    private static func knots(_ n: Int, minimum: Float, lower: Float, upper: Float, unnormalised: (Int) -> Float,
                              softmax: inout [Float], knots: inout [Float]) {
        var largest = -Float.infinity
        for k in 0..<n { softmax[k] = unnormalised(k); largest = max(largest, softmax[k]) }
        var sum: Float = 0
        for k in 0..<n { softmax[k] = exp(softmax[k] - largest); sum += softmax[k] }
        var running: Float = 0
        knots[0] = lower
        for k in 0..<n {
            running += minimum + (1 - minimum * Float(n)) * (softmax[k] / sum)
            knots[k + 1] = (upper - lower) * running + lower
        }
        knots[n] = upper
    }

    /// PyTorch `F.softplus` (β = 1, threshold 20).
    static func softplus(_ x: Float) -> Float { x > 20 ? x : log1pf(exp(x)) }
}

