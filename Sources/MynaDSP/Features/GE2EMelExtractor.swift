import MynaCore

/// The GE2E speaker encoder's mel spectrogram, equal to Resemblyzer 0.1.4's `audio.wav_to_mel_spectrogram`:
/// `librosa.feature.melspectrogram(y, sr=16000, n_fft=400, hop_length=160, n_mels=40)` — 25 ms periodic Hann
/// window, 10 ms hop, `center=True` with zero padding (librosa ≥ 0.10's default `pad_mode`), power spectrum,
/// 40 Slaney mel bins, no logarithm.
///
/// Resemblyzer returns frames × 40 (`.T`); this returns 40 × frames like every `FeatureExtractor`.
/// Volume normalisation and silence trimming (`preprocess_wav`) happen before, in the speaker encoder.
///
/// Thread-safety: immutable and `Sendable`.
public struct GE2EMelExtractor: FeatureExtractor {
    public var sampleRate: Int { 16_000 }
    /// 40 mel channels (`mel_n_channels`).
    public static let melCount = 40
    /// 25 ms at 16 kHz (`mel_window_length`).
    public static let fftSize = 400
    /// 10 ms at 16 kHz (`mel_window_step`).
    public static let hopLength = 160
    let pipeline: SpectralPipeline

    public init(threadCount: Int = DSPThreads.all) throws {
        let options = STFTOptions(fftSize: Self.fftSize, hopLength: Self.hopLength, window: .periodicHann, padding: .center(.constant))
        let filterbank = try MelFilterbank(sampleRate: 16_000, fftSize: Self.fftSize, melCount: Self.melCount)
        pipeline = try SpectralPipeline(sampleRate: 16_000, options: options, scale: .power, filterbank: filterbank,
                                        threadCount: threadCount)
    }

    /// 40 × (1 + samples.count / 160) mel power values.
    /// - Throws: `FeatureError` for empty, too short (< 400 samples) or non-finite audio.
    public func extract(_ samples: [Float]) throws -> FeatureMatrix { try pipeline.run(samples) }

    /// A stream returning the same frames as `extract`.
    public func makeStream() -> FeatureStream { FeatureStream(pipeline: pipeline) }
}
