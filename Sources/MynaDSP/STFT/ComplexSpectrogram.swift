/// A complex STFT: `binCount × frameCount`, row-major, real and imaginary parts in separate arrays
/// (`real[bin * frameCount + frame]`), as librosa's `stft` lays out its complex matrix.
public struct ComplexSpectrogram: Sendable, Equatable {
    /// FFT bins per frame (`fftSize / 2 + 1`).
    public var binCount: Int
    public var frameCount: Int
    /// Real parts, `binCount × frameCount` row-major.
    public var real: [Float]
    /// Imaginary parts, same layout.
    public var imaginary: [Float]

    public init(binCount: Int, frameCount: Int, real: [Float], imaginary: [Float]) {
        precondition(real.count == binCount * frameCount && imaginary.count == real.count,
                     "\(real.count) real and \(imaginary.count) imaginary values for \(binCount) × \(frameCount) bins")
        self.binCount = binCount
        self.frameCount = frameCount
        self.real = real
        self.imaginary = imaginary
    }
}
