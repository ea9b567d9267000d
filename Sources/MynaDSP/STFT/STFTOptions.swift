import MynaCore

/// How a signal is cut into frames and transformed: sizes in samples.
public struct STFTOptions: Sendable, Hashable {
    /// FFT length in samples (librosa and torch `n_fft`).
    public var fftSize: Int
    /// Samples between the starts of consecutive frames.
    public var hopLength: Int
    /// Length of the window in samples, at most `fftSize`; a shorter window is centred with zeros around it.
    public var windowLength: Int
    public var window: Window
    public var padding: FramePadding

    public init(fftSize: Int, hopLength: Int, windowLength: Int? = nil, window: Window = .periodicHann,
                padding: FramePadding = .center(.constant)) {
        self.fftSize = fftSize
        self.hopLength = hopLength
        self.windowLength = windowLength ?? fftSize
        self.window = window
        self.padding = padding
    }

    /// Checks the sizes, naming the field and the fix.
    public func validate() throws(ConfigurationError) {
        guard fftSize >= 1 else {
            throw ConfigurationError(field: "fftSize", message: "\(fftSize) must be at least 1 (use e.g. 400 for 25 ms at 16 kHz)")
        }
        guard fftSize <= 1 << 24 else {
            throw ConfigurationError(field: "fftSize", message: "\(fftSize) is larger than 2^24 samples")
        }
        guard hopLength >= 1 else {
            throw ConfigurationError(field: "hopLength", message: "\(hopLength) must be at least 1 sample")
        }
        guard (1...fftSize).contains(windowLength) else {
            throw ConfigurationError(field: "windowLength",
                                     message: "\(windowLength) must be between 1 and fftSize (\(fftSize))")
        }
        if case .edges(let left, let right, _) = padding, left < 0 || right < 0 {
            throw ConfigurationError(field: "padding", message: "edge padding (\(left), \(right)) must not be negative")
        }
    }

    /// Frames produced from `sampleCount` samples: `1 + (padded − fftSize) / hopLength`, or 0 when the padded signal
    /// is shorter than one FFT.
    public func frameCount(sampleCount: Int) -> Int {
        let pad = padding.resolved(fftSize: fftSize)
        let padded = sampleCount + pad.left + pad.right
        return padded < fftSize ? 0 : 1 + (padded - fftSize) / hopLength
    }

    /// FFT bins per frame: `fftSize / 2 + 1`.
    public var binCount: Int { fftSize / 2 + 1 }
}
