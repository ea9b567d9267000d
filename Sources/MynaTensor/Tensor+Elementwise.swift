extension Tensor {
    /// A copy with `kernel` applied to the elements in place; the path every unary op takes.
    func applying(_ kernel: (UnsafeMutableBufferPointer<Float>) -> Void) -> Tensor {
        var result = self
        result.withUnsafeMutableBufferPointer { kernel($0) }
        return result
    }

    /// `f` applied to every element. For hot loops prefer the named ops, which avoid the closure call.
    public func map(_ f: (Float) -> Float) -> Tensor {
        applying { buffer in for i in buffer.indices { buffer[i] = f(buffer[i]) } }
    }

    /// `eˣ` elementwise.
    public func exp() -> Tensor { applying(Kernels.exp) }
    /// Natural logarithm elementwise.
    public func log() -> Tensor { applying { b in for i in b.indices { b[i] = LibM.log(b[i]) } } }
    /// `√x` elementwise.
    public func squareRoot() -> Tensor { applying { b in for i in b.indices { b[i] = b[i].squareRoot() } } }
    /// Hyperbolic tangent elementwise.
    public func tanh() -> Tensor { applying(Kernels.tanh) }
    /// Logistic sigmoid elementwise.
    public func sigmoid() -> Tensor { applying(Kernels.sigmoid) }
    /// Error function elementwise (glibc `erff`, within 1 ulp).
    public func erf() -> Tensor { applying(Kernels.erf) }
    /// `max(x, 0)` elementwise.
    public func relu() -> Tensor { applying(Kernels.relu) }
    /// Exact GELU `x · Φ(x)` with the erf form (PyTorch `approximate='none'`).
    public func gelu() -> Tensor { applying(Kernels.gelu) }
    /// `x` where `x ≥ 0`, else `negativeSlope · x`.
    public func leakyReLU(negativeSlope: Float) -> Tensor { applying { Kernels.leakyReLU($0, negativeSlope: negativeSlope) } }
    /// PyTorch `softplus(x, beta, threshold)`.
    public func softplus(beta: Float = 1, threshold: Float = 20) -> Tensor {
        applying { Kernels.softplus($0, beta: beta, threshold: threshold) }
    }
    /// `−x` elementwise.
    public static prefix func - (x: Tensor) -> Tensor { x.applying { b in for i in b.indices { b[i] = -b[i] } } }

    /// `x · s`.
    public static func * (x: Tensor, s: Float) -> Tensor { x.applying { b in for i in b.indices { b[i] *= s } } }
    /// `s · x`.
    public static func * (s: Float, x: Tensor) -> Tensor { x * s }
    /// `x + s`.
    public static func + (x: Tensor, s: Float) -> Tensor { x.applying { b in for i in b.indices { b[i] += s } } }
    /// `x − s`.
    public static func - (x: Tensor, s: Float) -> Tensor { x + (-s) }
    /// `x / s`.
    public static func / (x: Tensor, s: Float) -> Tensor { x.applying { b in for i in b.indices { b[i] /= s } } }

    /// Elementwise sum with NumPy broadcasting.
    public static func + (a: Tensor, b: Tensor) -> Tensor { broadcasting(a, b) { $0 + $1 } }
    /// Elementwise difference with NumPy broadcasting.
    public static func - (a: Tensor, b: Tensor) -> Tensor { broadcasting(a, b) { $0 - $1 } }
    /// Elementwise product with NumPy broadcasting.
    public static func * (a: Tensor, b: Tensor) -> Tensor { broadcasting(a, b) { $0 * $1 } }
    /// Elementwise quotient with NumPy broadcasting.
    public static func / (a: Tensor, b: Tensor) -> Tensor { broadcasting(a, b) { $0 / $1 } }

    /// The shape NumPy broadcasting gives `a` and `b`: axes aligned from the end, extents equal or 1.
    public static func broadcastShape(_ a: [Int], _ b: [Int]) -> [Int] {
        let rank = Swift.max(a.count, b.count)
        return (0..<rank).map { i in
            let x = i < rank - a.count ? 1 : a[i - (rank - a.count)]
            let y = i < rank - b.count ? 1 : b[i - (rank - b.count)]
            precondition(x == y || x == 1 || y == 1, "Tensor: shapes \(a) and \(b) do not broadcast")
            return x == 1 ? y : x
        }
    }

    /// `op` over the broadcast of `a` and `b`. Fast paths for equal shapes and for `b` repeating along leading axes
    /// (a bias row); otherwise an odometer over the outer axes with zero strides where an operand is broadcast.
    @inline(__always)
    static func broadcasting(_ a: Tensor, _ b: Tensor, _ op: (Float, Float) -> Float) -> Tensor {
        let shape = broadcastShape(a.shape, b.shape)
        let total = shape.reduce(1, *)
        return a.withUnsafeBufferPointer { x in
            b.withUnsafeBufferPointer { y in
                Tensor(shape: shape) { out in
                    if total == 0 { return }
                    if x.count == total && y.count == total {
                        for i in 0..<total { out[i] = op(x[i], y[i]) }
                        return
                    }
                    if x.count == total && shape.reversed().starts(with: b.shape.reversed()) {
                        let period = y.count
                        var start = 0
                        while start < total {
                            for i in 0..<period { out[start + i] = op(x[start + i], y[i]) }
                            start += period
                        }
                        return
                    }
                    let xStrides = broadcastStrides(a.shape, to: shape)
                    let yStrides = broadcastStrides(b.shape, to: shape)
                    let inner = shape.last ?? 1
                    let xInner = xStrides.last ?? 0, yInner = yStrides.last ?? 0
                    let outerAxes = Swift.max(0, shape.count - 1)
                    var index = [Int](repeating: 0, count: outerAxes)
                    var xBase = 0, yBase = 0, written = 0
                    while written < total {
                        for i in 0..<inner { out[written + i] = op(x[xBase + i * xInner], y[yBase + i * yInner]) }
                        written += inner
                        var axis = outerAxes - 1
                        while axis >= 0 {
                            index[axis] += 1
                            xBase += xStrides[axis]
                            yBase += yStrides[axis]
                            if index[axis] < shape[axis] { break }
                            xBase -= xStrides[axis] * shape[axis]
                            yBase -= yStrides[axis] * shape[axis]
                            index[axis] = 0
                            axis -= 1
                        }
                    }
                }
            }
        }
    }

    /// Strides of `shape` read as if it had `target`'s shape: 0 on broadcast (size-1 or missing) axes.
    static func broadcastStrides(_ shape: [Int], to target: [Int]) -> [Int] {
        let contiguous = contiguousStrides(shape)
        let lead = target.count - shape.count
        return target.indices.map { i in
            i < lead || shape[i - lead] == 1 ? 0 : contiguous[i - lead]
        }
    }
}
