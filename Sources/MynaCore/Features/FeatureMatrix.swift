/// Features × frames, row-major: `values[feature * frameCount + frame]`.
public struct FeatureMatrix: Sendable, Equatable {
    public var featureCount: Int
    public var frameCount: Int
    public var values: [Float]

    public init(featureCount: Int, frameCount: Int, values: [Float]) {
        precondition(values.count == featureCount * frameCount,
                     "\(values.count) values for \(featureCount) × \(frameCount) features")
        self.featureCount = featureCount
        self.frameCount = frameCount
        self.values = values
    }

    public subscript(feature: Int, frame: Int) -> Float {
        get { values[feature * frameCount + frame] }
        set { values[feature * frameCount + frame] = newValue }
    }
}

/// Turns mono audio at a fixed rate into a feature matrix (spectrogram, log-mel, MFCC…).
public protocol FeatureExtractor: Sendable {
    /// The sample rate the extractor expects, in Hz.
    var sampleRate: Int { get }
    /// Features for the whole of `samples` (mono, at `sampleRate`).
    func extract(_ samples: [Float]) throws -> FeatureMatrix
}
