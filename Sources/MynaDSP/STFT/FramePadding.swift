/// Samples added before the first and after the last sample of the signal before framing.
public enum FramePadding: Sendable, Hashable {
    /// No padding: the first frame starts at sample 0 (`center=False`).
    case none
    /// `fftSize / 2` samples on each side, so frame `t` is centred on sample `t · hopLength` (`center=True`).
    case center(PadMode)
    /// Explicit amounts, in samples (HiFi-GAN pads `(fftSize − hopLength) / 2` by reflection, then frames with
    /// `center=False`).
    case edges(left: Int, right: Int, PadMode)

    /// (left, right, mode) for frames of `fftSize` samples.
    func resolved(fftSize: Int) -> (left: Int, right: Int, mode: PadMode) {
        switch self {
        case .none: return (0, 0, .constant)
        case .center(let mode): return (fftSize / 2, fftSize / 2, mode)
        case .edges(let left, let right, let mode): return (left, right, mode)
        }
    }
}
