/// Scratch memory for one thread's transforms of one size: a signal array and a spectrum array, both 64-byte
/// aligned so FFTW's SIMD plans apply to them.
///
/// Thread-safety: not thread-safe; give each thread its own workspace (they are small and cheap to make).
public final class FFTWorkspace {
    /// Transform length in samples.
    public let size: Int
    /// `size` time-domain samples: the input of `RealFFT.forward`, the output of `RealFFT.inverse`.
    public let signal: UnsafeMutableBufferPointer<Float>
    /// `size / 2 + 1` complex bins interleaved as (real, imaginary): the output of `forward`, the input of `inverse`.
    public let spectrum: UnsafeMutableBufferPointer<Float>
    /// `size / 2 + 1` floats for a per-bin result (power or magnitude) computed from `spectrum`.
    public let bins: UnsafeMutableBufferPointer<Float>

    /// A zeroed workspace for transforms of `size` points.
    public init(size: Int) {
        precondition(size >= 1, "FFT workspace size \(size) must be positive")
        self.size = size
        let binCount = size / 2 + 1
        signal = Self.allocate(size)
        spectrum = Self.allocate(2 * binCount)
        bins = Self.allocate(binCount)
    }

    deinit {
        signal.deallocate()
        spectrum.deallocate()
        bins.deallocate()
    }

    private static func allocate(_ count: Int) -> UnsafeMutableBufferPointer<Float> {
        let raw = UnsafeMutableRawPointer.allocate(byteCount: max(count, 1) * MemoryLayout<Float>.stride, alignment: 64)
        let pointer = raw.initializeMemory(as: Float.self, repeating: 0, count: max(count, 1))
        return UnsafeMutableBufferPointer(start: pointer, count: count)
    }
}
