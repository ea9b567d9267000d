import MynaTensor

extension LSTMCell {
    /// One batch-1 step on caller-owned memory, allocating nothing (for per-stream sessions that run a cell once
    /// per audio frame, such as Silero VAD's decoder).
    ///
    /// - input: `inputSize` floats; gates: `4·hiddenSize` floats of scratch (overwritten);
    ///   hidden, cell: `hiddenSize` floats each, updated in place.
    /// Same arithmetic as `callAsFunction`: `gates = b_ih + b_hh + W_ih·x + W_hh·h`, then the i, f, g, o updates.
    public func step(input: UnsafePointer<Float>, gates: UnsafeMutablePointer<Float>,
                     hidden: UnsafeMutablePointer<Float>, cell: UnsafeMutablePointer<Float>) {
        let fourH = 4 * hiddenSize
        bias.withUnsafeBufferPointer { b in gates.update(from: b.baseAddress!, count: fourH) }
        weightIH.withUnsafeBufferPointer { w in
            Kernels.gemv(m: fourH, n: inputSize, a: w.baseAddress!, lda: inputSize, x: input, beta: 1, y: gates)
        }
        step(batch: 1, gates: gates, hidden: hidden, cell: cell)
    }
}
