import MynaTensor

/// A multi-layer unidirectional LSTM (PyTorch `nn.LSTM(batch_first=True)`, no dropout at inference), gate order
/// i, f, g, o. Layer 0 reads the input; layer `l > 0` reads layer `l − 1`'s hidden sequence.
///
/// Each layer computes its input projection for the whole sequence in one sgemm, then runs the recurrence with one
/// sgemv/sgemm per step on a scratch buffer allocated once per call.
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
        var sequence = x.reshaped([batch * frames, inputSize])  // rows ordered (batch, frame)
        for (index, layer) in layers.enumerated() {
            precondition(state.hidden[index].shape == [batch, layer.hiddenSize], "LSTM: state of layer \(index) mis-shaped")
            let fourH = 4 * layer.hiddenSize, h = layer.hiddenSize
            // (batch·frames, 4H): input projection plus both biases for every frame at once.
            let projected = Linear(weight: layer.weightIH, bias: layer.bias)(sequence)
            sequence = projected.withUnsafeBufferPointer { projection in
                Tensor(shape: [batch * frames, h]) { output in
                    let gates = UnsafeMutablePointer<Float>.allocate(capacity: batch * fourH)
                    defer { gates.deallocate() }
                    state.hidden[index].withUnsafeMutableBufferPointer { hidden in
                        state.cell[index].withUnsafeMutableBufferPointer { cell in
                            for frame in 0..<frames {
                                for b in 0..<batch {
                                    (gates + b * fourH).update(from: projection.baseAddress! + (b * frames + frame) * fourH,
                                                               count: fourH)
                                }
                                layer.step(batch: batch, gates: gates, hidden: hidden.baseAddress!, cell: cell.baseAddress!)
                                for b in 0..<batch {
                                    (output.baseAddress! + (b * frames + frame) * h).update(from: hidden.baseAddress! + b * h,
                                                                                             count: h)
                                }
                            }
                        }
                    }
                }
            }
        }
        return x.rank == 3 ? sequence.reshaped([batch, frames, hiddenSize]) : sequence
    }
}
