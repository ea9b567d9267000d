import MynaCore

/// A mel spectrogram equal to `librosa.feature.melspectrogram` with the same parameters (power mel, no logarithm).
///
/// Thread-safety: immutable and `Sendable`.
public struct MelSpectrogramExtractor: FeatureExtractor {
    public let options: MelSpectrogramOptions
    public var sampleRate: Int { options.sampleRate }
    let pipeline: SpectralPipeline

    /// - Throws: `ConfigurationError` naming the field that cannot work.
    public init(options: MelSpectrogramOptions, threadCount: Int = DSPThreads.all) throws {
        self.options = options
        pipeline = try SpectralPipeline(sampleRate: options.sampleRate, options: options.stftOptions, scale: options.scale,
                                        filterbank: try options.makeFilterbank(), threadCount: threadCount)
    }

    /// The mel filterbank in use.
    public var filterbank: MelFilterbank { pipeline.filterbank! }

    /// `melCount × frames` mel power (or magnitude) values.
    /// - Throws: `FeatureError` for empty, too short or non-finite audio.
    public func extract(_ samples: [Float]) throws -> FeatureMatrix { try pipeline.run(samples) }

    /// A stream returning the same frames as `extract`.
    public func makeStream() -> FeatureStream { FeatureStream(pipeline: pipeline) }
}
