import MynaCore

/// Per-call knobs of `GE2ESpeakerEncoder`, with Resemblyzer 0.1.4's defaults where it has one.
public struct GE2EEmbeddingOptions: Sendable, Hashable, Codable {
    /// Partial utterances per second of audio (`embed_utterance(rate=1.3)`): one 1.6 s window every 77 frames.
    public var partialsPerSecond: Double
    /// Fraction of the last partial that must hold audio for it to be kept (`min_coverage=0.75`).
    public var minimumCoverage: Double
    /// Level the audio is raised to, never lowered (`audio_norm_target_dBFS = -30`, `increase_only=True`).
    public var targetDBFS: Double
    /// Less speech than this (after trimming, when trimming) is refused as too little to describe a voice. Myna's
    /// choice: GE2E looks at 1.6 s windows, and below about a second verification scores become unreliable.
    /// 0 accepts any length (Resemblyzer itself pads short clips to one window).
    public var minimumSpeechSeconds: Double
    /// Audio whose RMS level is below this is refused as silence before anything is computed (Myna's choice:
    /// −70 dBFS is well under any recorded speech and above 16-bit dither; Resemblyzer would amplify it by
    /// 40 dB or more, or divide by zero on digital silence).
    public var silenceDBFS: Double
    /// Partial utterances run through the LSTM together (one matrix product per frame for the whole batch; OpenBLAS
    /// is about twice as efficient on 128 rows as on 16). Memory: about 0.8 MB per partial while a batch runs.
    public var batchSize: Int

    public init(partialsPerSecond: Double, minimumCoverage: Double, targetDBFS: Double, minimumSpeechSeconds: Double,
                silenceDBFS: Double, batchSize: Int) {
        self.partialsPerSecond = partialsPerSecond
        self.minimumCoverage = minimumCoverage
        self.targetDBFS = targetDBFS
        self.minimumSpeechSeconds = minimumSpeechSeconds
        self.silenceDBFS = silenceDBFS
        self.batchSize = batchSize
    }

    /// Resemblyzer's `embed_utterance` defaults, plus Myna's 1 s minimum and −70 dBFS silence floor.
    public static let `default` = GE2EEmbeddingOptions(partialsPerSecond: 1.3, minimumCoverage: 0.75, targetDBFS: -30,
                                                       minimumSpeechSeconds: 1.0, silenceDBFS: -70, batchSize: 128)

    /// Throws a `ConfigurationError` naming the field and the range it must be in.
    public func validate() throws {
        let step = GE2EPartialSlices.frameStep(partialsPerSecond: partialsPerSecond)
        guard partialsPerSecond.isFinite, partialsPerSecond > 0, step >= 1, step <= GE2EPartialSlices.partialFrames else {
            throw ConfigurationError(field: "partialsPerSecond", message: """
                \(partialsPerSecond) gives one partial every \(step) frames; use a rate from 0.625 (partials touching \
                end to end) to 200 per second
                """)
        }
        guard minimumCoverage > 0, minimumCoverage <= 1 else {
            throw ConfigurationError(field: "minimumCoverage", message: "\(minimumCoverage) must be in (0, 1]")
        }
        guard targetDBFS.isFinite, targetDBFS <= 0 else {
            throw ConfigurationError(field: "targetDBFS", message: "\(targetDBFS) must be a level of at most 0 dBFS")
        }
        guard minimumSpeechSeconds.isFinite, minimumSpeechSeconds >= 0 else {
            throw ConfigurationError(field: "minimumSpeechSeconds", message: "\(minimumSpeechSeconds) must be 0 or more seconds")
        }
        guard silenceDBFS.isFinite || silenceDBFS == -.infinity, silenceDBFS < targetDBFS else {
            throw ConfigurationError(field: "silenceDBFS", message: "\(silenceDBFS) must be below the target level \(targetDBFS) dBFS")
        }
        guard batchSize >= 1 else {
            throw ConfigurationError(field: "batchSize", message: "\(batchSize) must be at least 1")
        }
    }
}
