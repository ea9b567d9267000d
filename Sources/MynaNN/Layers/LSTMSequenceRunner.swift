import MynaTensor

/// Runs a batch of sequences through every layer of an `LSTM` on memory the caller owns.
///
/// Layouts, all row-major: input `(batch, frames, inputSize)`; hidden and cell `(layer, batch, H_layer)`, the state
/// before and after; output `(batch, frames, H_last)`.
///
/// Per layer, the input projection plus both biases of every sequence's frames is one large product on the calling
/// thread (OpenBLAS splits it over its own threads); then the recurrence runs with the sequences split across
/// `MynaThreads` (`parallelChunks`), each thread's share adding `h·W_hhᵀ` of its sequences, one frame at a time, in
/// place to that frame's rows of the projection (row stride `frames·4H`) with `Kernels.accumulateProducts`, which
/// never touches OpenBLAS's pool: one frame's product is too small to split, and changing OpenBLAS's thread count
/// around it (as this layer once did) is process-wide, so concurrent requests' products ran single-threaded and
/// rounded differently. Each share owns disjoint rows of the projection, state and output; hidden states go straight
/// to the layer's output rows and are read from there by the next frame's product: nothing is copied per frame.
struct LSTMSequenceRunner: @unchecked Sendable {
    let layers: [LSTMCell]
    let batch: Int
    let frames: Int
    let input: UnsafePointer<Float>
    let hidden: UnsafeMutablePointer<Float>
    let cell: UnsafeMutablePointer<Float>
    let output: UnsafeMutablePointer<Float>

    func run() {
        guard batch > 0, frames > 0 else { return }
        let largestGates = layers.map { 4 * $0.hiddenSize }.max()!
        let largestHidden = layers.map(\.hiddenSize).max()!
        // (batch·frames, 4H) projections, then gates; (batch·frames, H) between two layers.
        let projection = UnsafeMutablePointer<Float>.allocate(capacity: batch * frames * largestGates)
        let between = UnsafeMutablePointer<Float>.allocate(capacity: layers.count > 1 ? batch * frames * largestHidden : 0)
        defer {
            projection.deallocate()
            between.deallocate()
        }
        var layerInput = input
        var stateOffset = 0
        for (index, layer) in layers.enumerated() {
            let layerOutput = index == layers.count - 1 ? output : between
            layer.inputProjection.apply(rows: batch * frames, input: layerInput, inputStride: layer.inputSize,
                                        output: projection, outputStride: 4 * layer.hiddenSize)
            // `between` is free again once the projection is made: the recurrence may overwrite it.
            let step = LayerRecurrence(layer: layer, frames: frames, projection: projection, hidden: hidden + stateOffset,
                                       cell: cell + stateOffset, output: layerOutput)
            parallelChunks(batch) { step.run(sequences: $0) }
            layerInput = UnsafePointer(layerOutput)
            stateOffset += batch * layer.hiddenSize
        }
    }
}

/// One layer's recurrence over a range of sequences, after its input projection: `projection` `(batch, frames, 4H)`,
/// the layer's `hidden` and `cell` `(batch, H)`, `output` `(batch, frames, H)`.
private struct LayerRecurrence: @unchecked Sendable {
    let layer: LSTMCell
    let frames: Int
    let projection: UnsafeMutablePointer<Float>
    let hidden: UnsafeMutablePointer<Float>
    let cell: UnsafeMutablePointer<Float>
    let output: UnsafeMutablePointer<Float>

    func run(sequences: Range<Int>) {
        let h = layer.hiddenSize, fourH = 4 * h, first = sequences.lowerBound, count = sequences.count
        let gates = projection + first * frames * fourH
        let outputRows = output + first * frames * h
        let hiddenRows = hidden + first * h, cellRows = cell + first * h
        for frame in 0..<frames {
            // h of the frame before: the initial state, then this layer's own output rows.
            let previous = frame == 0 ? UnsafePointer(hiddenRows) : UnsafePointer(outputRows + (frame - 1) * h)
            Kernels.accumulateProducts(m: count, a: previous, lda: frame == 0 ? h : frames * h, b: layer.weightHHPacked,
                                       c: gates + frame * fourH, ldc: frames * fourH)
            for s in 0..<count {
                Kernels.lstmCellUpdate(gates: gates + (s * frames + frame) * fourH, cell: cellRows + s * h,
                                       hidden: outputRows + (s * frames + frame) * h, hiddenSize: h)
            }
        }
        for s in 0..<count {
            (hiddenRows + s * h).update(from: outputRows + (s * frames + frames - 1) * h, count: h)
        }
    }
}
