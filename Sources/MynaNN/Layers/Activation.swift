import MynaTensor

/// The pointwise nonlinearities the models use, each with PyTorch's definition.
///
/// Thread-safety: a value; share freely.
public enum Activation: Sendable, Equatable {
    /// `x · ½(1 + erf(x/√2))` (`nn.GELU()`, exact, not the tanh approximation). glibc's `erff` may differ from
    /// torch's by 1 ulp; results agree to about 2e-7 relative.
    case gelu
    /// `max(x, 0)`.
    case relu
    /// `x` for `x ≥ 0`, else `negativeSlope · x` (`nn.LeakyReLU`, default slope 0.01; HiFi-GAN uses 0.1).
    case leakyReLU(negativeSlope: Float)
    /// `tanh(x)`.
    case tanh
    /// `1 / (1 + e^−x)`.
    case sigmoid
    /// `log(1 + e^{βx}) / β`, linear above `threshold` (`nn.Softplus`, defaults β 1, threshold 20).
    case softplus(beta: Float, threshold: Float)
    /// `x`.
    case identity

    /// Applied to every element of `x`.
    public func callAsFunction(_ x: Tensor) -> Tensor {
        var y = x
        y.withUnsafeMutableBufferPointer { apply($0) }
        return y
    }

    /// Applied in place to `values`.
    public func apply(_ values: UnsafeMutableBufferPointer<Float>) {
        switch self {
        case .gelu: Kernels.gelu(values)
        case .relu: Kernels.relu(values)
        case .leakyReLU(let slope): Kernels.leakyReLU(values, negativeSlope: slope)
        case .tanh: Kernels.tanh(values)
        case .sigmoid: Kernels.sigmoid(values)
        case .softplus(let beta, let threshold): Kernels.softplus(values, beta: beta, threshold: threshold)
        case .identity: break
        }
    }
}
