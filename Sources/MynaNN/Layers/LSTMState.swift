import MynaTensor

/// The per-request state of an `LSTM` or `LSTMCell`: hidden and cell vectors of every layer, each
/// `[batchSize, hiddenSize]`. Starts at zero (PyTorch's default when no state is passed).
///
/// Kept apart from the immutable layer so one model can serve many streams (DESIGN.md §3).
/// Thread-safety: a value; give each stream its own.
public struct LSTMState: Sendable {
    /// `h` per layer, `[batchSize, hiddenSize]`.
    public var hidden: [Tensor]
    /// `c` per layer, `[batchSize, hiddenSize]`.
    public var cell: [Tensor]

    /// Zero state for `layerCount` layers.
    public init(layerCount: Int, batchSize: Int = 1, hiddenSize: Int) {
        precondition(layerCount > 0 && batchSize > 0 && hiddenSize > 0,
                     "LSTMState: layers \(layerCount), batch \(batchSize), hidden \(hiddenSize) must be positive")
        hidden = Array(repeating: Tensor(shape: [batchSize, hiddenSize]), count: layerCount)
        cell = hidden
    }

    /// State from given vectors, one `[batchSize, hiddenSize]` pair per layer.
    public init(hidden: [Tensor], cell: [Tensor]) {
        precondition(!hidden.isEmpty && hidden.count == cell.count, "LSTMState: \(hidden.count) h vs \(cell.count) c")
        for (h, c) in zip(hidden, cell) {
            precondition(h.rank == 2 && h.shape == c.shape, "LSTMState: h \(h.shape) and c \(c.shape) must be equal [batch, hidden]")
        }
        self.hidden = hidden
        self.cell = cell
    }

    public var layerCount: Int { hidden.count }
    public var batchSize: Int { hidden[0].shape[0] }
    public var hiddenSize: Int { hidden[0].shape[1] }
}
