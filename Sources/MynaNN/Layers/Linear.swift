import MynaTensor

/// A fully connected layer `y = x · Wᵀ + b` (PyTorch `nn.Linear`), weight `[outputFeatures, inputFeatures]`.
///
/// Leading axes of the input are rows, so a batch of frames or beam hypotheses goes through one sgemm. The weight is
/// Float32, or binary16 after `keepingHalfPrecision()` (a decoder step's few rows then read half the bytes).
/// Thread-safety: immutable; share freely.
public struct Linear: Sendable {
    /// The weight as it is kept.
    enum Storage: Sendable {
        case float(Tensor)
        case half(HalfMatrix)
    }

    /// Rows up to which a binary16 weight multiplies through `Kernels.halfProducts` (one pass over the weight for
    /// all rows, a decoder step). More rows (a prompt, 1500 encoder frames for cross-attention keys) are compute-bound:
    /// the weight is widened to a temporary Float32 copy and goes through sgemm.
    public static let halfProductsMaximumRows = 16

    let storage: Storage
    /// `[outputFeatures]`, or nil for a layer without bias.
    public let bias: Tensor?

    public init(weight: Tensor, bias: Tensor? = nil) {
        precondition(weight.rank == 2, "Linear: weight must be [out, in], got \(weight.shape)")
        self.init(storage: .float(weight), bias: bias)
    }

    init(storage: Storage, bias: Tensor?) {
        let outputs: Int
        switch storage {
        case .float(let weight): outputs = weight.shape[0]
        case .half(let weight): outputs = weight.rows
        }
        if let bias { precondition(bias.shape == [outputs], "Linear: bias \(bias.shape) must be [\(outputs)]") }
        self.storage = storage
        self.bias = bias
    }

    /// `[outputFeatures, inputFeatures]` in Float32 (widened from binary16 on every call when kept so: for setup
    /// and tests, not per step).
    public var weight: Tensor {
        switch storage {
        case .float(let weight): weight
        case .half(let weight): weight.widened()
        }
    }

    /// This layer with its weight kept in binary16 if every value is exactly one (a float16 model file), so nothing
    /// is rounded; otherwise this layer unchanged.
    public func keepingHalfPrecision() -> Linear {
        guard case .float(let weight) = storage, let half = HalfMatrix(exactly: weight) else { return self }
        return Linear(storage: .half(half), bias: bias)
    }

    /// True when the weight is kept in binary16.
    public var isHalfPrecision: Bool {
        if case .half = storage { return true }
        return false
    }

    /// The layer of output features `range` (rows of the weight and the bias), in the same precision.
    public func outputs(_ range: Range<Int>) -> Linear {
        switch storage {
        case .float(let weight): Linear(storage: .float(weight.rows(range)), bias: bias?.rows(range))
        case .half(let weight): Linear(storage: .half(weight.rows(range)), bias: bias?.rows(range))
        }
    }

    public var inputFeatures: Int {
        switch storage {
        case .float(let weight): weight.shape[1]
        case .half(let weight): weight.columns
        }
    }

    public var outputFeatures: Int {
        switch storage {
        case .float(let weight): weight.shape[0]
        case .half(let weight): weight.rows
        }
    }

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

    /// `rows` input rows (each `inputFeatures` long, `inputStride` apart) into output rows `outputStride` apart.
    /// Float32: bias copied in first, then one sgemm accumulating onto it; binary16: see `halfProductsMaximumRows`.
    public func apply(rows: Int, input: UnsafePointer<Float>, inputStride: Int,
                      output: UnsafeMutablePointer<Float>, outputStride: Int) {
        switch storage {
        case .float(let weight):
            applyFloat(weight, rows: rows, input: input, inputStride: inputStride, output: output, outputStride: outputStride)
        case .half(let weight) where rows <= Self.halfProductsMaximumRows && inputFeatures > 0:
            if let bias {
                bias.withUnsafeBufferPointer { b in
                    Kernels.halfProducts(m: rows, a: input, lda: inputStride, w: weight, bias: b.baseAddress!,
                                         c: output, ldc: outputStride)
                }
            } else {
                Kernels.halfProducts(m: rows, a: input, lda: inputStride, w: weight, bias: nil, c: output, ldc: outputStride)
            }
        case .half(let weight):
            applyFloat(weight.widened(), rows: rows, input: input, inputStride: inputStride, output: output,
                       outputStride: outputStride)
        }
    }

    private func applyFloat(_ weight: Tensor, rows: Int, input: UnsafePointer<Float>, inputStride: Int,
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
