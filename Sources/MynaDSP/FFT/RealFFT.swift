import MynaCore

/// The discrete Fourier transform of real signals of one length, over FFTW (single precision).
///
/// `forward` computes `X[k] = Σₙ x[n]·e^(−2πi·kn/size)` for `k` in `0…size/2` (the other bins are conjugates);
/// `inverse` computes `x[n] = Σₖ X[k]·e^(2πi·kn/size)` over all `size` bins, unnormalised, so
/// `inverse(forward(x)) = size · x`. Any length works (FFTW handles odd and prime sizes).
///
/// Thread-safety: immutable and `Sendable`; call `forward`/`inverse` from any number of threads at once, each with
/// its own `FFTWorkspace`. Plans are made once per size and shared by every `RealFFT` of that size.
public struct RealFFT: Sendable {
    /// Transform length in samples.
    public let size: Int
    private let forwardPlan: FFTWPlan
    private let inversePlan: FFTWPlan

    /// Plans (or fetches from the cache) the forward and inverse transforms of `size` points.
    /// - Throws: `FeatureError.libraryFailure` naming the FFTW call if FFTW cannot plan that size.
    public init(size: Int) throws(FeatureError) {
        self.size = size
        forwardPlan = try FFTW.plan(size: size, direction: .forward)
        inversePlan = try FFTW.plan(size: size, direction: .inverse)
    }

    /// Complex bins the forward transform produces: `size / 2 + 1`.
    public var binCount: Int { size / 2 + 1 }

    /// A workspace sized for this transform (one per thread).
    public func makeWorkspace() -> FFTWorkspace { FFTWorkspace(size: size) }

    /// `workspace.signal` → `workspace.spectrum` (interleaved real, imaginary). The signal is left intact.
    @inline(__always)
    public func forward(_ workspace: FFTWorkspace) {
        precondition(workspace.size == size, "workspace of size \(workspace.size) used with a \(size)-point FFT")
        FFTW.executeForward(forwardPlan, input: workspace.signal.baseAddress!, output: workspace.spectrum.baseAddress!)
    }

    /// `workspace.spectrum` → `workspace.signal`, unnormalised (`size` times the inverse DFT). The imaginary parts
    /// of bin 0 and, for even sizes, bin `size / 2` are ignored. Overwrites `workspace.spectrum`.
    @inline(__always)
    public func inverse(_ workspace: FFTWorkspace) {
        precondition(workspace.size == size, "workspace of size \(workspace.size) used with a \(size)-point FFT")
        FFTW.executeInverse(inversePlan, input: workspace.spectrum.baseAddress!, output: workspace.signal.baseAddress!)
    }

    /// The `size / 2 + 1` bins of `signal` (which must hold `size` samples). Allocates; for loops use a workspace.
    public func forward(_ signal: [Float]) -> [ComplexFloat] {
        precondition(signal.count == size, "\(signal.count) samples given to a \(size)-point FFT")
        let workspace = makeWorkspace()
        _ = workspace.signal.update(fromContentsOf: signal)
        forward(workspace)
        return (0..<binCount).map { ComplexFloat(real: workspace.spectrum[2 * $0], imaginary: workspace.spectrum[2 * $0 + 1]) }
    }

    /// The `size` real samples whose bins are `spectrum` (`size / 2 + 1` of them), divided by `size` so that
    /// `inverse(forward(x)) ≈ x`. Allocates; for loops use a workspace.
    public func inverse(_ spectrum: [ComplexFloat]) -> [Float] {
        precondition(spectrum.count == binCount, "\(spectrum.count) bins given to a \(size)-point inverse FFT")
        let workspace = makeWorkspace()
        for (k, bin) in spectrum.enumerated() {
            workspace.spectrum[2 * k] = bin.real
            workspace.spectrum[2 * k + 1] = bin.imaginary
        }
        inverse(workspace)
        let scale = 1 / Float(size)
        return workspace.signal.map { $0 * scale }
    }
}
