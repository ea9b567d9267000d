import MynaTensor

/// A fully connected layer `y = x · Wᵀ + b` (PyTorch `nn.Linear`), weight `[outputFeatures, inputFeatures]`.
///
/// Leading axes of the input are rows, so a batch of frames or beam hypotheses goes through one sgemm.
/// Thread-safety: immutable; share freely.
public struct Linear: Sendable {
    /// `[outputFeatures, inputFeatures]`.
    public let weight: Tensor
    /// `[outputFeatures]`, or nil for a layer without bias.
    public let bias: Tensor?

    public init(weight: Tensor, bias: Tensor? = nil) {
        precondition(weight.rank == 2, "Linear: weight must be [out, in], got \(weight.shape)")
        if let bias {
            precondition(bias.shape == [weight.shape[0]], "Linear: bias \(bias.shape) must be [\(weight.shape[0])]")
        }
        self.weight = weight
        self.bias = bias
    }

    public var inputFeatures: Int { weight.shape[1] }
    public var outputFeatures: Int { weight.shape[0] }

    /// `[..., inputFeatures]` → `[..., outputFeatures]`.
    public func callAsFunction(_ x: Tensor) -> Tensor {
        precondition(x.rank >= 1 && x.shape[x.rank - 1] == inputFeatures,
                     "Linear: input \(x.shape) must end in \(inputFeatures) features")
        let rows = x.count / Swift.max(inputFeatures, 1)
        return x.withUnsafeBufferPointer { input in
            Tensor(shape: Array(x.shape.dropLast()) + [outputFeatures]) { output in
                guard rows > 0 else { return }
                apply(rows: rows, input: input.baseAddress!, inputStride: inputFeatures,
                      output: output.baseAddress!, outputStride: outputFeatures)
            }
        }
    }

    /// `rows` input rows (each `inputFeatures` long, `inputStride` apart) into output rows `outputStride` apart:
    /// bias copied in first, then one sgemm accumulating onto it.
    public func apply(rows: Int, input: UnsafePointer<Float>, inputStride: Int,
                      output: UnsafeMutablePointer<Float>, outputStride: Int) {
        let n = outputFeatures
        if let bias {
            bias.withUnsafeBufferPointer { b in
                for row in 0..<rows { (output + row * outputStride).update(from: b.baseAddress!, count: n) }
            }
        }
        weight.withUnsafeBufferPointer { w in
            Kernels.gemm(transposeB: true, m: rows, n: n, k: inputFeatures,
                         a: input, lda: inputStride, b: w.baseAddress!, ldb: inputFeatures,
                         beta: bias == nil ? 0 : 1, c: output, ldc: outputStride)
        }
    }
}
