import MynaCore

/// Triangular mel filters that turn `fftSize / 2 + 1` spectrum bins into `melCount` mel bands, equal to
/// `librosa.filters.mel` (librosa 0.11: triangles between `melCount + 2` points spaced evenly in mels, weights
/// computed in double precision and stored as Float32).
///
/// Thread-safety: immutable and `Sendable`.
public struct MelFilterbank: Sendable, Equatable {
    /// How each triangle is scaled.
    public enum Normalization: String, Sendable, Hashable, Codable {
        /// Divide each triangle by its width in Hz over 2, so each has unit area (librosa `norm="slaney"`).
        case slaney
        /// Peak 1 (librosa `norm=None`).
        case none
    }

    /// Hz of the audio the spectra come from.
    public let sampleRate: Int
    /// FFT length in samples.
    public let fftSize: Int
    /// Number of filters (output bands).
    public let melCount: Int
    /// Spectrum bins per frame: `fftSize / 2 + 1`.
    public let binCount: Int
    /// `melCount × binCount` weights, row-major (`weights[mel * binCount + bin]`), as librosa returns them.
    public let weights: [Float]

    /// First nonzero bin of each filter, and its number of nonzero bins: each triangle covers a narrow band, so
    /// projecting through these (`apply`) costs about `2 · binCount` multiply-adds instead of `melCount · binCount`.
    let bandStart: [Int]
    let bandLength: [Int]
    /// Offset of each filter's band in `bandWeights`.
    let bandOffset: [Int]
    let bandWeights: [Float]

    /// - Parameters:
    ///   - sampleRate: Hz of the audio the spectrum came from.
    ///   - fftSize: FFT length in samples.
    ///   - melCount: Number of filters.
    ///   - minimumFrequency: Lower edge of the first triangle, Hz (librosa `fmin`, default 0).
    ///   - maximumFrequency: Upper edge of the last triangle, Hz (librosa `fmax`; `nil` means `sampleRate / 2`).
    /// - Throws: `ConfigurationError` naming the field when a value cannot work.
    public init(sampleRate: Int, fftSize: Int, melCount: Int, minimumFrequency: Double = 0,
                maximumFrequency: Double? = nil, scale: MelScale = .slaney,
                normalization: Normalization = .slaney) throws(ConfigurationError) {
        guard sampleRate >= 1 else { throw ConfigurationError(field: "sampleRate", message: "\(sampleRate) Hz must be positive") }
        guard fftSize >= 2 else { throw ConfigurationError(field: "fftSize", message: "\(fftSize) must be at least 2") }
        guard melCount >= 1 else { throw ConfigurationError(field: "melCount", message: "\(melCount) must be at least 1") }
        let nyquist = Double(sampleRate) / 2
        let fmax = maximumFrequency ?? nyquist
        guard minimumFrequency >= 0, minimumFrequency < fmax else {
            throw ConfigurationError(field: "minimumFrequency",
                                     message: "\(minimumFrequency) Hz must be at least 0 and below the maximum frequency \(fmax) Hz")
        }
        guard fmax.isFinite else { throw ConfigurationError(field: "maximumFrequency", message: "\(fmax) Hz is not finite") }

        self.sampleRate = sampleRate
        self.fftSize = fftSize
        self.melCount = melCount
        let binCount = fftSize / 2 + 1
        self.binCount = binCount

        // librosa.mel_frequencies: melCount + 2 points evenly spaced in mels (np.linspace, exact at both ends).
        let lowMel = scale.mel(fromHertz: minimumFrequency)
        let highMel = scale.mel(fromHertz: fmax)
        let pointCount = melCount + 2
        let step = (highMel - lowMel) / Double(pointCount - 1)
        var edges = (0..<pointCount).map { scale.hertz(fromMel: lowMel + Double($0) * step) }
        edges[pointCount - 1] = scale.hertz(fromMel: highMel)
        // np.fft.rfftfreq(fftSize, 1 / sampleRate).
        let binSpacing = 1 / (Double(fftSize) * (1 / Double(sampleRate)))
        let binHertz = (0..<binCount).map { Double($0) * binSpacing }

        var weights = [Float](repeating: 0, count: melCount * binCount)
        var starts = [Int](), lengths = [Int](), offsets = [Int](), packed = [Float]()
        for mel in 0..<melCount {
            let lowerWidth = edges[mel + 1] - edges[mel]
            let upperWidth = edges[mel + 2] - edges[mel + 1]
            let areaScale = normalization == .slaney ? 2 / (edges[mel + 2] - edges[mel]) : 1
            var first = -1, last = -1
            for bin in 0..<binCount {
                let rising = (binHertz[bin] - edges[mel]) / lowerWidth
                let falling = (edges[mel + 2] - binHertz[bin]) / upperWidth
                let weight = Float(max(0, min(rising, falling)) * areaScale)
                weights[mel * binCount + bin] = weight
                if weight != 0 {
                    if first < 0 { first = bin }
                    last = bin
                }
            }
            starts.append(max(first, 0))
            lengths.append(first < 0 ? 0 : last - first + 1)
            offsets.append(packed.count)
            if first >= 0 { packed.append(contentsOf: weights[(mel * binCount + first)...(mel * binCount + last)]) }
        }
        if packed.isEmpty { packed.append(0) }  // keeps `withBands` pointer non-nil for an all-empty filterbank
        self.weights = weights
        bandStart = starts
        bandLength = lengths
        bandOffset = offsets
        bandWeights = packed
    }

    /// Filters with no nonzero weight (too many mels for the FFT resolution; librosa warns about these).
    public var emptyFilterCount: Int { bandLength.filter { $0 == 0 }.count }

    /// Projects one frame: `output[mel · outputStride] = Σ weights[mel, bin] · bins[bin]`.
    /// `bins` holds `binCount` values; `output` must have room for `melCount` values at that stride.
    @inline(__always)
    func apply(bins: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>, outputStride: Int,
               bands: UnsafeBufferPointer<Int>, lengths: UnsafeBufferPointer<Int>,
               offsets: UnsafeBufferPointer<Int>, packed: UnsafePointer<Float>) {
        for mel in 0..<melCount {
            let start = bands[mel], length = lengths[mel]
            let weight = packed + offsets[mel]
            let source = bins + start
            var sum: Float = 0
            for k in 0..<length { sum += weight[k] * source[k] }
            output[mel * outputStride] = sum
        }
    }

    /// The projection of one frame of `binCount` values (convenience for tests and one-off use).
    public func apply(_ bins: [Float]) -> [Float] {
        precondition(bins.count == binCount, "\(bins.count) bins given to a filterbank of \(binCount)")
        var output = [Float](repeating: 0, count: melCount)
        bins.withUnsafeBufferPointer { source in
            output.withUnsafeMutableBufferPointer { out in
                withBands { bands, lengths, offsets, packed in
                    apply(bins: source.baseAddress!, output: out.baseAddress!, outputStride: 1,
                          bands: bands, lengths: lengths, offsets: offsets, packed: packed)
                }
            }
        }
        return output
    }

    /// Calls `body` with the sparse band tables as raw buffers (kept outside ARC for the per-frame loop).
    func withBands<R>(_ body: (UnsafeBufferPointer<Int>, UnsafeBufferPointer<Int>, UnsafeBufferPointer<Int>,
                               UnsafePointer<Float>) throws -> R) rethrows -> R {
        try bandStart.withUnsafeBufferPointer { starts in
            try bandLength.withUnsafeBufferPointer { lengths in
                try bandOffset.withUnsafeBufferPointer { offsets in
                    try bandWeights.withUnsafeBufferPointer { packed in
                        try body(starts, lengths, offsets, packed.baseAddress!)
                    }
                }
            }
        }
    }
}
