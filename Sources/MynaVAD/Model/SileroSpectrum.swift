/// The steps before the encoder's convolutions, shared by the step-by-step session and the batched encoder: the
/// window's reflect padding, its STFT frames, and the magnitudes of the STFT (whose product with the basis is the
/// caller's, a row-dot product per step or one sgemm per block).
enum SileroSpectrum {
    /// Reflect padding on the right (`F.pad(x, (0, 64), "reflect")`): padded[576 + j] = x[574 − j].
    static func reflectPad(_ window: UnsafeMutablePointer<Float>, _ c: SileroVADConfiguration) {
        let last = c.windowSamples - 1
        for j in 0..<c.reflectPaddingSamples { window[c.windowSamples + j] = window[last - 1 - j] }
    }

    /// The STFT as a strided convolution's im2col: `frameCount` rows of `fftLength` samples, `hopLength` apart.
    static func frame(_ window: UnsafePointer<Float>, into frames: UnsafeMutablePointer<Float>, _ c: SileroVADConfiguration) {
        for t in 0..<c.frameCount { (frames + t * c.fftLength).update(from: window + t * c.hopLength, count: c.fftLength) }
    }

    /// `(rows, binCount)` magnitudes `sqrt(re² + im²)` of `(rows, 2·binCount)` spectra (real parts, then imaginary).
    static func magnitudes(_ spectrum: UnsafePointer<Float>, rows: Int, binCount: Int, into magnitudes: UnsafeMutablePointer<Float>) {
        for t in 0..<rows {
            let row = spectrum + t * 2 * binCount, magnitude = magnitudes + t * binCount
            for bin in 0..<binCount {
                let re = row[bin], im = row[binCount + bin]
                magnitude[bin] = (re * re + im * im).squareRoot()
            }
        }
    }
}
