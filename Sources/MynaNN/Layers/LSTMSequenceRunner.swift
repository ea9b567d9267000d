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
    /// sgemm, then the recurrence, one `(sequences, 4H)` product `h·W_hhᵀ` per frame.
    func run(sequences: Range<Int>) {
        guard !sequences.isEmpty, frames > 0 else { return }
        let count = sequences.count
        let largestGates = layers.map { 4 * $0.hiddenSize }.max()!
        let largestHidden = layers.map(\.hiddenSize).max()!
        // (count·frames, 4H) projections; (count, 4H) gates of one frame; (count·frames, H) between two layers.
        let projection = UnsafeMutablePointer<Float>.allocate(capacity: count * frames * largestGates)
        let gates = UnsafeMutablePointer<Float>.allocate(capacity: count * largestGates)
        let between = UnsafeMutablePointer<Float>.allocate(capacity: layers.count > 1 ? count * frames * largestHidden : 0)
        defer {
            projection.deallocate()
            gates.deallocate()
            between.deallocate()
        }
        var layerInput = UnsafePointer(input + sequences.lowerBound * frames * layers[0].inputSize)
        var stateOffset = 0
        for (index, layer) in layers.enumerated() {
            let h = layer.hiddenSize, fourH = 4 * h
            let layerOutput = index == layers.count - 1 ? output + sequences.lowerBound * frames * h : between
            let hiddenRows = hidden + stateOffset + sequences.lowerBound * h
            let cellRows = cell + stateOffset + sequences.lowerBound * h
            project(layer, input: layerInput, rows: count * frames, into: projection)
            for frame in 0..<frames {
                for s in 0..<count {
                    (gates + s * fourH).update(from: projection + (s * frames + frame) * fourH, count: fourH)
                }
                layer.step(batch: count, gates: gates, hidden: hiddenRows, cell: cellRows)
                for s in 0..<count {
                    (layerOutput + (s * frames + frame) * h).update(from: hiddenRows + s * h, count: h)
                }
            }
            // The next layer reads this one's sequence; `between` is free again once its projection is made.
            layerInput = UnsafePointer(layerOutput)
            stateOffset += batch * h
        }
    }

    /// `rows × 4H` ← bias + input · W_ihᵀ.
    private func project(_ layer: LSTMCell, input: UnsafePointer<Float>, rows: Int, into projection: UnsafeMutablePointer<Float>) {
        let fourH = 4 * layer.hiddenSize
        layer.bias.withUnsafeBufferPointer { bias in
            for row in 0..<rows { (projection + row * fourH).update(from: bias.baseAddress!, count: fourH) }
        }
        layer.weightIH.withUnsafeBufferPointer { w in
            Kernels.gemm(transposeB: true, m: rows, n: fourH, k: layer.inputSize, a: input, lda: layer.inputSize,
                         b: w.baseAddress!, ldb: layer.inputSize, beta: 1, c: projection, ldc: fourH)
        }
    }
}
