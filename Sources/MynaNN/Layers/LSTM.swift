import MynaTensor

/// A multi-layer unidirectional LSTM (PyTorch `nn.LSTM(batch_first=True)`, no dropout at inference), gate order
/// i, f, g, o. Layer 0 reads the input; layer `l > 0` reads layer `l − 1`'s hidden sequence.
///
/// Per layer, the input projection of every frame is one large product (OpenBLAS's threads split it); the recurrence's
/// sequences are independent, so they are split across `MynaThreads`, each share running its small per-frame products
/// on its own thread with `Kernels.accumulateProducts` (`LSTMSequenceRunner`): one short product per frame and layer
/// is too small to split, and a thread pool synchronising 160 × 3 times per partial spent more time spinning than
/// multiplying. Nothing here changes a process-wide setting, so concurrent callers get the results of serial ones.
/// Thread-safety: immutable; share freely. The state is the caller's `LSTMState`.
public struct LSTM: Sendable {
    /// The layers, input first.
    public let layers: [LSTMCell]

    public init(layers: [LSTMCell]) {
        precondition(!layers.isEmpty, "LSTM: no layers")
        for (index, layer) in layers.enumerated().dropFirst() {
            precondition(layer.inputSize == layers[index - 1].hiddenSize,
                         "LSTM: layer \(index) reads \(layer.inputSize) features, layer \(index - 1) gives \(layers[index - 1].hiddenSize)")
        }
        self.layers = layers
    }

    public var inputSize: Int { layers[0].inputSize }
    public var hiddenSize: Int { layers[layers.count - 1].hiddenSize }

    /// A zero state for `batchSize` sequences.
    public func initialState(batchSize: Int = 1) -> LSTMState {
        LSTMState(hidden: layers.map { Tensor(shape: [batchSize, $0.hiddenSize]) },
                  cell: layers.map { Tensor(shape: [batchSize, $0.hiddenSize]) })
    }

    /// Runs `x` — `[frames, inputSize]` (batch 1) or `[batch, frames, inputSize]` — through every layer, updating
    /// `state`, and returns the last layer's hidden state at every frame: `[frames, H]` or `[batch, frames, H]`.
    public func callAsFunction(_ x: Tensor, state: inout LSTMState) -> Tensor {
        precondition((x.rank == 2 || x.rank == 3) && x.shape.last == inputSize,
                     "LSTM: input \(x.shape) must be [frames, \(inputSize)] or [batch, frames, \(inputSize)]")
        let batch = x.rank == 3 ? x.shape[0] : 1
        let frames = x.shape[x.rank - 2]
        precondition(state.layerCount == layers.count && state.batchSize == batch,
                     "LSTM: state has \(state.layerCount) layers × batch \(state.batchSize), need \(layers.count) × \(batch)")
        for (index, layer) in layers.enumerated() {
            precondition(state.hidden[index].shape == [batch, layer.hiddenSize], "LSTM: state of layer \(index) mis-shaped")
        }
        // Flat copies of the state, (layer, batch, H) each, so that every thread can address its sequences' rows.
        var hidden = state.hidden.flatMap(\.values), cell = state.cell.flatMap(\.values)
        let output = x.withUnsafeBufferPointer { input in
            hidden.withUnsafeMutableBufferPointer { h in
                cell.withUnsafeMutableBufferPointer { c in
                    Tensor(shape: [batch * frames, hiddenSize]) { out in
                        LSTMSequenceRunner(layers: layers, batch: batch, frames: frames, input: input.baseAddress!,
                                           hidden: h.baseAddress!, cell: c.baseAddress!, output: out.baseAddress!).run()
                    }
                }
            }
        }
        var offset = 0
        for index in layers.indices {
            let size = batch * layers[index].hiddenSize
            state.hidden[index] = Tensor(shape: [batch, layers[index].hiddenSize], values: Array(hidden[offset..<(offset + size)]))
            state.cell[index] = Tensor(shape: [batch, layers[index].hiddenSize], values: Array(cell[offset..<(offset + size)]))
            offset += size
        }
        return x.rank == 3 ? output.reshaped([batch, frames, hiddenSize]) : output
    }
}
