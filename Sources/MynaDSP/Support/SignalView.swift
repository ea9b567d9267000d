/// Read access to a signal for framing: the samples held in memory (possibly only a recent part of a stream), the
/// first samples (for reflection at the start) and, once known, the total length (for padding at the end).
struct SignalView {
    /// Samples `base ..< base + count` of the signal.
    var samples: UnsafePointer<Float>
    var base: Int
    var count: Int
    /// Samples `0 ..< headCount` of the signal (reflection at the start reads `x[1…left]`).
    var head: UnsafePointer<Float>
    var headCount: Int
    /// The signal's full length, once known; samples at and beyond it are padding.
    var total: Int
    /// Zeros appended to the signal before padding (Whisper's `padding=N_SAMPLES`); part of `total`.
    var trailingZerosFrom: Int

    /// Sample `index` of the signal with `mode` padding outside `0 ..< total`. Slow path, for edge frames only.
    @inline(__always)
    func sample(_ index: Int, mode: PadMode) -> Float {
        var i = index
        if i < 0 || i >= total {
            guard mode == .reflect else { return 0 }
            i = i < 0 ? -i : 2 * (total - 1) - i
        }
        if i >= trailingZerosFrom { return 0 }
        if i < headCount && (i < base || i >= base + count) { return head[i] }
        return samples[i - base]
    }
}
