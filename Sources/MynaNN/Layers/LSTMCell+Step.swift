import MynaTensor

extension LSTMCell {
    /// One batch-1 step on caller-owned memory, allocating nothing and staying on the calling thread (for per-stream
    /// sessions that run a cell once per audio frame, such as Silero VAD's decoder, where a BLAS call's thread pool
    /// costs more than the work).
    ///
    /// - input: `inputSize` floats; gates: `4·hiddenSize` floats of scratch (overwritten);
    ///   hidden, cell: `hiddenSize` floats each, updated in place.
    /// Same arithmetic as `callAsFunction`: `gates = b_ih + b_hh + W_ih·x + W_hh·h`, then `Kernels.lstmCellUpdate`.
    public func step(input: UnsafePointer<Float>, gates: UnsafeMutablePointer<Float>,
                     hidden: UnsafeMutablePointer<Float>, cell: UnsafeMutablePointer<Float>) {
        let fourH = 4 * hiddenSize
        bias.withUnsafeBufferPointer { b in gates.update(from: b.baseAddress!, count: fourH) }
        weightIH.withUnsafeBufferPointer { w in
            Kernels.rowDots(rows: fourH, length: inputSize, a: w.baseAddress!, lda: inputSize, vectorCount: 1,
                            x: input, ldx: inputSize, y: gates, ldy: fourH, accumulating: true)
        }
        recurrentStep(gates: gates, hidden: hidden, cell: cell)
    }

    /// `step(input:…)` with the input's part of the gates, `b_ih + b_hh + W_ih·x`, already made (for callers that
    /// project many inputs at once in one matrix product): `inputGates` is copied into `gates`, then the same
    /// recurrent term and update follow.
    public func step(inputGates: UnsafePointer<Float>, gates: UnsafeMutablePointer<Float>,
                     hidden: UnsafeMutablePointer<Float>, cell: UnsafeMutablePointer<Float>) {
        gates.update(from: inputGates, count: 4 * hiddenSize)
        recurrentStep(gates: gates, hidden: hidden, cell: cell)
    }

    /// gates += W_hh·h, then `Kernels.lstmCellUpdate`.
    private func recurrentStep(gates: UnsafeMutablePointer<Float>, hidden: UnsafeMutablePointer<Float>,
                               cell: UnsafeMutablePointer<Float>) {
        let h = hiddenSize, fourH = 4 * hiddenSize
        weightHH.withUnsafeBufferPointer { w in
            Kernels.rowDots(rows: fourH, length: h, a: w.baseAddress!, lda: h, vectorCount: 1,
                            x: hidden, ldx: h, y: gates, ldy: fourH, accumulating: true)
        }
        Kernels.lstmCellUpdate(gates: gates, cell: cell, hidden: hidden, hiddenSize: h)
    }
}
