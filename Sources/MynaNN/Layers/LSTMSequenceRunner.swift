import MynaTensor

/// Runs a contiguous range of a batch's sequences through every layer of an `LSTM`, on the calling thread, on memory
/// the caller owns (one runner is shared by the threads of one call; each thread's range owns disjoint rows of the
/// state and output, so no two threads write the same memory).
///
/// Layouts, all row-major: input `(batch, frames, inputSize)`; hidden and cell `(layer, batch, H_layer)`, the state
/// before and after; output `(batch, frames, H_last)`.
struct LSTMSequenceRunner: @unchecked Sendable {
    let layers: [LSTMCell]
    let batch: Int
    let frames: Int
    let input: UnsafePointer<Float>
    let hidden: UnsafeMutablePointer<Float>
    let cell: UnsafeMutablePointer<Float>
    let output: UnsafeMutablePointer<Float>

    /// Every layer over `sequences`: per layer, the input projection plus both biases of all their frames in one
    /// sgemm, then the recurrence, one `(sequences, 4H)` product `h·W_hhᵀ` per frame added in place to that frame's
    /// rows of the projection (row stride `frames·4H`), whose hidden states go straight to the layer's output rows
    /// and are read from there by the next frame's product (row stride `frames·H`): nothing is copied per frame.
    func run(sequences: Range<Int>) {
        guard !sequences.isEmpty, frames > 0 else { return }
        let count = sequences.count
        let largestGates = layers.map { 4 * $0.hiddenSize }.max()!
        let largestHidden = layers.map(\.hiddenSize).max()!
        // (count·frames, 4H) projections, then gates; (count·frames, H) between two layers.
        let projection = UnsafeMutablePointer<Float>.allocate(capacity: count * frames * largestGates)
        let between = UnsafeMutablePointer<Float>.allocate(capacity: layers.count > 1 ? count * frames * largestHidden : 0)
        defer {
            projection.deallocate()
            between.deallocate()
        }
        var layerInput = UnsafePointer(input + sequences.lowerBound * frames * layers[0].inputSize)
        var stateOffset = 0
        for (index, layer) in layers.enumerated() {
            let h = layer.hiddenSize, fourH = 4 * h
            let layerOutput = index == layers.count - 1 ? output + sequences.lowerBound * frames * h : between
            let hiddenRows = hidden + stateOffset + sequences.lowerBound * h
            let cellRows = cell + stateOffset + sequences.lowerBound * h
            layer.inputProjection.apply(rows: count * frames, input: layerInput, inputStride: layer.inputSize,
                                        output: projection, outputStride: fourH)
            layer.weightHHTransposed.withUnsafeBufferPointer { w in
                for frame in 0..<frames {
                    // h of the frame before: the initial state, then this layer's own output rows.
                    let previous = frame == 0 ? UnsafePointer(hiddenRows) : UnsafePointer(layerOutput + (frame - 1) * h)
                    Kernels.gemm(m: count, n: fourH, k: h, a: previous, lda: frame == 0 ? h : frames * h,
                                 b: w.baseAddress!, ldb: fourH, beta: 1, c: projection + frame * fourH, ldc: frames * fourH)
                    for s in 0..<count {
                        Kernels.lstmCellUpdate(gates: projection + (s * frames + frame) * fourH, cell: cellRows + s * h,
                                               hidden: layerOutput + (s * frames + frame) * h, hiddenSize: h)
                    }
                }
            }
            for s in 0..<count {
                (hiddenRows + s * h).update(from: layerOutput + (s * frames + frames - 1) * h, count: h)
            }
            // The next layer reads this one's sequence; `between` is free again once its projection is made.
            layerInput = UnsafePointer(layerOutput)
            stateOffset += batch * h
        }
    }
}
