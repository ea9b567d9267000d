import MynaTensor

/// Layer normalisation over the last axis (PyTorch `nn.LayerNorm(d)`):
/// `y = (x − mean) / √(var + ε) · weight + bias` with the biased variance.
///
/// Thread-safety: immutable; share freely.
public struct LayerNorm: Sendable {
    /// `[features]` scale (γ).
    public let weight: Tensor
    /// `[features]` shift (β).
    public let bias: Tensor
    /// Added to the variance; PyTorch's and Whisper's default is 1e-5.
    public let epsilon: Float

    public init(weight: Tensor, bias: Tensor, epsilon: Float = 1e-5) {
        precondition(weight.rank == 1 && bias.shape == weight.shape,
                     "LayerNorm: weight \(weight.shape) and bias \(bias.shape) must be the same [features]")
        self.weight = weight
        self.bias = bias
        self.epsilon = epsilon
    }

    public var features: Int { weight.shape[0] }

    /// `[..., features]` → same shape.
    public func callAsFunction(_ x: Tensor) -> Tensor {
        precondition(x.rank >= 1 && x.shape[x.rank - 1] == features, "LayerNorm: input \(x.shape) must end in \(features)")
        var y = x
        y.withUnsafeMutableBufferPointer { apply(rows: $0) }
        return y
    }

    /// Normalises every `features`-long row of `rows` in place.
    public func apply(rows: UnsafeMutableBufferPointer<Float>) {
        let n = features
        weight.withUnsafeBufferPointer { gamma in
            bias.withUnsafeBufferPointer { beta in
                var start = 0
                while start < rows.count {
                    let row = UnsafeMutableBufferPointer(rebasing: rows[start..<(start + n)])
                    // Two passes in Double: the mean first, then the centred sum of squares (no cancellation).
                    var total = 0.0
                    for v in row { total += Double(v) }
                    let mean = total / Double(n)
                    var squares = 0.0
                    for v in row { let d = Double(v) - mean; squares += d * d }
                    let inverse = Float(1 / (squares / Double(n) + Double(epsilon)).squareRoot())
                    let meanF = Float(mean)
                    for i in row.indices { row[i] = (row[i] - meanF) * inverse * gamma[i] + beta[i] }
                    start += n
                }
            }
        }
    }
}
