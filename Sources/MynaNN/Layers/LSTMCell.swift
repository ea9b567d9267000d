import MynaTensor

/// One LSTM layer's step (PyTorch `nn.LSTMCell`, and each layer of `nn.LSTM`), gate order i, f, g, o:
///
///     gates = x·W_ihᵀ + h·W_hhᵀ + b_ih + b_hh          (batch, 4H)
///     i, f, o = σ(gates[0H..<1H]), σ(gates[1H..<2H]), σ(gates[3H..<4H]);  g = tanh(gates[2H..<3H])
///     c′ = f ⊙ c + i ⊙ g;  h′ = o ⊙ tanh(c′)
///
/// Thread-safety: immutable; share freely.
public struct LSTMCell: Sendable {
    /// `[4·hiddenSize, inputSize]`.
    public let weightIH: Tensor
    /// `[4·hiddenSize, hiddenSize]`.
    public let weightHH: Tensor
    /// `[4·hiddenSize]`: `bias_ih + bias_hh`, folded once at construction because only their sum matters.
    public let bias: Tensor
    /// `weight_hhᵀ`, `[hiddenSize, 4·hiddenSize]`, for the batched recurrent product: OpenBLAS 0.3.21 packs a
    /// non-transposed right-hand matrix with its optimised copy routine and a transposed one with a generic loop,
    /// and it packs W_hh again for every frame, which at a few sequences per product cost more than the product.
    let weightHHTransposed: Tensor
    /// `weight_hhᵀ` packed for `Kernels.accumulateProducts`, the batched recurrence of `LSTM` (`LSTMSequenceRunner`).
    let weightHHPacked: PackedMatrix

    /// `b_ih + b_hh + W_ih·x` as a linear layer, for callers that project many inputs in one matrix product.
    public var inputProjection: Linear { Linear(weight: weightIH, bias: bias) }

    /// PyTorch's tensors as stored: `weight_ih`, `weight_hh`, and the optional `bias_ih`, `bias_hh`.
    public init(weightIH: Tensor, weightHH: Tensor, biasIH: Tensor? = nil, biasHH: Tensor? = nil) {
        precondition(weightHH.rank == 2 && weightHH.shape[0] == 4 * weightHH.shape[1],
                     "LSTMCell: weight_hh \(weightHH.shape) must be [4·H, H]")
        let gateCount = weightHH.shape[0]
        precondition(weightIH.rank == 2 && weightIH.shape[0] == gateCount,
                     "LSTMCell: weight_ih \(weightIH.shape) must be [\(gateCount), input]")
        for b in [biasIH, biasHH].compactMap({ $0 }) {
            precondition(b.shape == [gateCount], "LSTMCell: bias \(b.shape) must be [\(gateCount)]")
        }
        self.weightIH = weightIH
        self.weightHH = weightHH
        weightHHTransposed = weightHH.transposed()
        weightHHPacked = PackedMatrix(weightHHTransposed)
        var sum = Tensor(shape: [gateCount])
        for b in [biasIH, biasHH].compactMap({ $0 }) { sum = sum + b }
        self.bias = sum
    }

    public var inputSize: Int { weightIH.shape[1] }
    public var hiddenSize: Int { weightHH.shape[1] }

    /// One step: `x` `[batch, inputSize]` (or `[inputSize]` for batch 1) updates `hidden` and `cell`
    /// (`[batch, hiddenSize]`) and returns the new hidden state in the input's rank.
    public func callAsFunction(_ x: Tensor, hidden: inout Tensor, cell: inout Tensor) -> Tensor {
        let batch = x.rank == 1 ? 1 : x.shape[0]
        precondition(x.shape.last == inputSize && x.rank <= 2, "LSTMCell: input \(x.shape) must be [batch, \(inputSize)]")
        precondition(hidden.shape == [batch, hiddenSize] && cell.shape == [batch, hiddenSize],
                     "LSTMCell: state h \(hidden.shape), c \(cell.shape) must be [\(batch), \(hiddenSize)]")
        var gates = inputProjection(x.reshaped([batch, inputSize]))
        gates.withUnsafeMutableBufferPointer { g in
            hidden.withUnsafeMutableBufferPointer { h in
                cell.withUnsafeMutableBufferPointer { c in
                    step(batch: batch, gates: g.baseAddress!, hidden: h.baseAddress!, cell: c.baseAddress!)
                }
            }
        }
        return x.rank == 1 ? hidden.reshaped([hiddenSize]) : hidden
    }

    /// Adds the recurrent term `h·W_hhᵀ` to `gates` `[batch, 4H]` (which already hold the input projection and
    /// bias), then applies the gate nonlinearities and updates `hidden` and `cell` `[batch, H]` in place.
    func step(batch: Int, gates: UnsafeMutablePointer<Float>, hidden: UnsafeMutablePointer<Float>,
              cell: UnsafeMutablePointer<Float>) {
        let h = hiddenSize, fourH = 4 * hiddenSize
        weightHHTransposed.withUnsafeBufferPointer { w in
            Kernels.gemm(m: batch, n: fourH, k: h, a: hidden, lda: h, b: w.baseAddress!, ldb: fourH, beta: 1, c: gates, ldc: fourH)
        }
        for b in 0..<batch {
            Kernels.lstmCellUpdate(gates: gates + b * fourH, cell: cell + b * h, hidden: hidden + b * h, hiddenSize: h)
        }
    }
}
