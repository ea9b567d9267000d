import Foundation

/// A tapering window applied to each frame before its FFT.
///
/// Periodic windows (`periodic: true`, the default of librosa's `get_window(fftbins=True)` and of
/// `torch.hann_window`) are the first `length` points of a symmetric window of `length + 1` points; symmetric
/// windows (`scipy.signal.get_window(..., fftbins=False)`, numpy's `np.hanning`) are exactly symmetric.
public enum Window: Sendable, Hashable {
    /// `0.5 − 0.5·cos(2πn/M)`.
    case hann(periodic: Bool)
    /// `0.54 − 0.46·cos(2πn/M)` (the `alpha = 0.54` of scipy and torch).
    case hamming(periodic: Bool)
    /// All ones.
    case rectangular

    /// The periodic Hann window: what Whisper, librosa and HiFi-GAN use.
    public static let periodicHann = Window.hann(periodic: true)

    /// The `length` coefficients, computed in double precision and rounded once.
    public func coefficients(length: Int) -> [Float] {
        precondition(length >= 0, "window length \(length) must not be negative")
        if length == 0 { return [] }
        if length == 1 { return [1] }
        switch self {
        case .rectangular:
            return [Float](repeating: 1, count: length)
        case .hann(let periodic):
            return Self.cosineSum(length: length, periodic: periodic, a0: 0.5, a1: 0.5)
        case .hamming(let periodic):
            return Self.cosineSum(length: length, periodic: periodic, a0: 0.54, a1: 0.46)
        }
    }

    /// The window of `windowLength` points centred in `fftSize` points with zeros on both sides (the convention of
    /// librosa's `pad_center` and `torch.stft` when `win_length < n_fft`: `(fftSize − windowLength) / 2` zeros first).
    public func coefficients(length windowLength: Int, paddedTo fftSize: Int) -> [Float] {
        precondition(windowLength <= fftSize, "window length \(windowLength) exceeds FFT size \(fftSize)")
        var padded = [Float](repeating: 0, count: fftSize)
        let offset = (fftSize - windowLength) / 2
        for (i, value) in coefficients(length: windowLength).enumerated() { padded[offset + i] = value }
        return padded
    }

    private static func cosineSum(length: Int, periodic: Bool, a0: Double, a1: Double) -> [Float] {
        let denominator = Double(periodic ? length : length - 1)
        return (0..<length).map { n in Float(a0 - a1 * cos(2 * Double.pi * Double(n) / denominator)) }
    }
}
