extension Kernels {
    /// Elements per chunk below which a libm-bound loop stays on the calling thread (~0.1 ms of work).
    static let elementwiseChunk = 16_384

    /// Runs `body` over pieces of `x` in parallel (`MynaThreads.count` wide) when `x` is large.
    static func chunked(_ x: UnsafeMutableBufferPointer<Float>, _ body: (UnsafeMutableBufferPointer<Float>) -> Void) {
        parallelChunks(x.count, minimumChunk: elementwiseChunk) { range in
            body(UnsafeMutableBufferPointer(rebasing: x[range]))
        }
    }

    /// `x ← exp(x)` elementwise.
    public static func exp(_ x: UnsafeMutableBufferPointer<Float>) {
        chunked(x) { x in for i in x.indices { x[i] = LibM.exp(x[i]) } }
    }

    /// `x ← tanh(x)` elementwise.
    public static func tanh(_ x: UnsafeMutableBufferPointer<Float>) {
        chunked(x) { x in for i in x.indices { x[i] = LibM.tanh(x[i]) } }
    }

    /// `x ← 1 / (1 + exp(−x))` elementwise, written so neither branch overflows (exp of a non-positive value only).
    public static func sigmoid(_ x: UnsafeMutableBufferPointer<Float>) {
        chunked(x) { x in for i in x.indices { x[i] = sigmoid(x[i]) } }
    }

    /// The logistic function of one value, computed without overflow for any finite input.
    public static func sigmoid(_ value: Float) -> Float {
        if value >= 0 {
            return 1 / (1 + LibM.exp(-value))
        }
        let e = LibM.exp(value)
        return e / (1 + e)
    }

    /// `x ← erf(x)` elementwise (glibc `erff`).
    public static func erf(_ x: UnsafeMutableBufferPointer<Float>) {
        chunked(x) { x in for i in x.indices { x[i] = LibM.erf(x[i]) } }
    }

    /// `x ← x · ½ · (1 + erf(x / √2))`: the exact (erf) GELU of PyTorch's `gelu(approximate='none')`.
    public static func gelu(_ x: UnsafeMutableBufferPointer<Float>) {
        let invSqrt2: Float = 0.70710678118654752440
        chunked(x) { x in
            for i in x.indices {
                let v = x[i]
                x[i] = 0.5 * v * (1 + LibM.erf(v * invSqrt2))
            }
        }
    }

    /// `x ← max(x, 0)` elementwise (NaN stays NaN, as in PyTorch).
    public static func relu(_ x: UnsafeMutableBufferPointer<Float>) {
        for i in x.indices where x[i] < 0 { x[i] = 0 }
    }

    /// `x ← x ≥ 0 ? x : slope · x` elementwise.
    public static func leakyReLU(_ x: UnsafeMutableBufferPointer<Float>, negativeSlope: Float) {
        for i in x.indices where x[i] < 0 { x[i] *= negativeSlope }
    }

    /// `x ← log(1 + exp(β·x)) / β`, or `x` itself where `β·x > threshold` (PyTorch `softplus`, defaults β 1, threshold 20).
    public static func softplus(_ x: UnsafeMutableBufferPointer<Float>, beta: Float = 1, threshold: Float = 20) {
        chunked(x) { x in
            for i in x.indices {
                let scaled = x[i] * beta
                if !(scaled > threshold) { x[i] = LibM.log1p(LibM.exp(scaled)) / beta }
            }
        }
    }

    /// `y ← y + x` elementwise over `min(x.count, y.count)` elements.
    public static func add(_ x: UnsafeBufferPointer<Float>, into y: UnsafeMutableBufferPointer<Float>) {
        precondition(x.count == y.count, "Kernels.add: \(x.count) vs \(y.count) elements")
        for i in y.indices { y[i] += x[i] }
    }

    /// Numerically stable softmax of each `rowLength`-element row of `x`, in place: `exp(x − max) / Σ exp(x − max)`.
    /// Eight lanes at a time with the vector `exp` (≤ 2 ulp), so a row's probabilities are within a few ulp of the
    /// exact ones. A row containing NaN gives NaN; a row of −∞ (fully masked) gives NaN, as in PyTorch.
    public static func softmaxRows(_ x: UnsafeMutableBufferPointer<Float>, rowLength: Int) {
        precondition(rowLength > 0 && x.count % rowLength == 0, "Kernels.softmaxRows: \(x.count) not rows of \(rowLength)")
        guard let base = x.baseAddress else { return }
        var start = 0
        while start < x.count {
            softmaxRow(base + start, count: rowLength)
            start += rowLength
        }
    }

    /// Softmax of `count` contiguous values in place.
    static func softmaxRow(_ row: UnsafeMutablePointer<Float>, count: Int) {
        let raw = UnsafeMutableRawPointer(row)
        let vectorCount = count / 8 * 8
        var maxima = SIMD8<Float>(repeating: -.infinity)
        var i = 0
        while i < vectorCount {
            let v = raw.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
            maxima.replace(with: v, where: v .> maxima)  // not pointwiseMax, which compiles to per-lane calls
            i += 8
        }
        var maximum = maxima.max()
        while i < count { maximum = Swift.max(maximum, row[i]); i += 1 }
        // A NaN element is skipped by the maximum but turns its exp, the sum and so every probability into NaN.
        var sums = SIMD8<Float>()
        i = 0
        while i < vectorCount {
            let e = exp(raw.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self) - maximum)
            raw.storeBytes(of: e, toByteOffset: i * 4, as: SIMD8<Float>.self)
            sums += e
            i += 8
        }
        var sum = sums.sum()
        while i < count {
            let e = LibM.exp(row[i] - maximum)
            row[i] = e
            sum += e
            i += 1
        }
        let scale = 1 / sum
        i = 0
        while i < vectorCount {
            let v = raw.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self) * scale
            raw.storeBytes(of: v, toByteOffset: i * 4, as: SIMD8<Float>.self)
            i += 8
        }
        while i < count { row[i] *= scale; i += 1 }
    }
}
