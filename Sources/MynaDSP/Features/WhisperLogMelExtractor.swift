import MynaCore

/// Whisper's log-mel front end, equal to openai-whisper's `audio.log_mel_spectrogram`:
/// 16 kHz, `n_fft` 400, hop 160, periodic Hann, `torch.stft(center=True)` with reflect padding, power spectrum with
/// the last frame dropped, Slaney mel filters (`librosa.filters.mel(sr=16000, n_fft=400, n_mels=80 or 128)`),
/// `log10(max(x, 1e-10))`, floor at the maximum − 8, then `(x + 4) / 4`.
///
/// Two ways to reach Whisper's 3000-frame windows, as openai-whisper does:
/// - transcription: openai-whisper `transcribe` appends 30 s of zeros (`paddingSampleCount: windowSampleCount`);
///   faster-whisper appends only 160 (`paddingSampleCount: 160`, its `FeatureExtractor` default); either way
///   before the STFT, then the decoder slices 3000-frame windows (`padOrTrim`) from the result;
/// - one 30 s window (`pad_or_trim(audio)` then `log_mel_spectrogram`): `extractWindow`.
///
/// Thread-safety: immutable and `Sendable`; `extract` runs its frames on up to `threadCount` threads.
public struct WhisperLogMelExtractor: FeatureExtractor {
    /// Whisper's rate: 16 kHz.
    public static let whisperSampleRate = 16_000
    /// 25 ms.
    public static let fftSize = 400
    /// 10 ms: 100 frames per second.
    public static let hopLength = 160
    /// 30 s of samples (`N_SAMPLES`).
    public static let windowSampleCount = 480_000
    /// Frames in one 30 s window (`N_FRAMES`).
    public static let windowFrameCount = 3000

    public var sampleRate: Int { Self.whisperSampleRate }
    /// 80 (Whisper tiny to large-v2) or 128 (large-v3).
    public let melCount: Int
    /// Zeros appended to the audio before the STFT (openai-whisper's `padding`).
    public let paddingSampleCount: Int
    let pipeline: SpectralPipeline

    /// - Parameters:
    ///   - melCount: Mel bins: 80, or 128 for large-v3.
    ///   - paddingSampleCount: Zeros appended before the STFT; `windowSampleCount` for the transcription path.
    ///   - threadCount: Threads for long audio.
    /// - Throws: `ConfigurationError` for a mel count other than 80 or 128 or a negative padding.
    public init(melCount: Int = 80, paddingSampleCount: Int = 0, threadCount: Int = DSPThreads.all) throws {
        guard melCount == 80 || melCount == 128 else {
            throw ConfigurationError(field: "melCount", message: "\(melCount) is not a Whisper mel count; use 80, or 128 for large-v3")
        }
        guard paddingSampleCount >= 0 else {
            throw ConfigurationError(field: "paddingSampleCount", message: "\(paddingSampleCount) must not be negative")
        }
        self.melCount = melCount
        self.paddingSampleCount = paddingSampleCount
        let options = STFTOptions(fftSize: Self.fftSize, hopLength: Self.hopLength, window: .periodicHann, padding: .center(.reflect))
        let filterbank = try MelFilterbank(sampleRate: Self.whisperSampleRate, fftSize: Self.fftSize, melCount: melCount)
        pipeline = try SpectralPipeline(sampleRate: Self.whisperSampleRate, options: options, scale: .power,
                                        filterbank: filterbank, compression: .log10(floor: 1e-10),
                                        dropsLastFrame: true, threadCount: threadCount)
    }

    /// The normalised log-mel of `samples` (16 kHz mono) followed by `paddingSampleCount` zeros:
    /// `melCount × (samples.count + paddingSampleCount) / 160` frames.
    /// - Throws: `FeatureError` for empty, too short (< 400 samples) or non-finite audio.
    public func extract(_ samples: [Float]) throws -> FeatureMatrix {
        var (features, maximum) = try pipeline.runWithMaximum(samples, trailingZeros: paddingSampleCount)
        Self.normalize(&features, maximum: maximum)
        return features
    }

    /// Exactly one Whisper window: the audio trimmed or zero-padded to 30 s, then `extract` without extra padding
    /// (openai-whisper's `log_mel_spectrogram(pad_or_trim(audio))`): `melCount × 3000`.
    /// - Throws: `FeatureError` for empty, too short or non-finite audio.
    public func extractWindow(_ samples: [Float]) throws -> FeatureMatrix {
        let window: [Float]
        if samples.count >= Self.windowSampleCount {
            window = Array(samples.prefix(Self.windowSampleCount))
        } else {
            // Check the real audio first, so 30 s of appended zeros do not hide that it is empty or too short.
            try samples.withUnsafeBufferPointer { (x) throws(FeatureError) in try pipeline.validate(x) }
            window = samples + repeatElement(0, count: Self.windowSampleCount - samples.count)
        }
        var (features, maximum) = try pipeline.runWithMaximum(window)
        Self.normalize(&features, maximum: maximum)
        return features
    }

    /// `log10(max(mel power, 1e-10))` before the whole-signal floor and scaling: what `FeatureStream` returns.
    public func logMel(_ samples: [Float]) throws(FeatureError) -> FeatureMatrix {
        try pipeline.run(samples, trailingZeros: paddingSampleCount)
    }

    /// A stream returning `logMel` frames; finish them with `normalize` over the frames one window uses.
    /// Appended zeros (`paddingSampleCount`) are not added: append them to the stream if needed.
    public func makeStream() -> FeatureStream { FeatureStream(pipeline: pipeline) }

    /// Whisper's normalisation of `logMel` output: floor at the maximum − 8, then `(x + 4) / 4`.
    public static func normalize(_ logMel: FeatureMatrix) -> FeatureMatrix {
        var result = logMel
        let maximum = result.values.withUnsafeBufferPointer { VectorMath.maximum($0) }
        normalize(&result, maximum: maximum)
        return result
    }

    /// In place, so the matrix is not copied (it is the largest allocation of the extractor).
    static func normalize(_ logMel: inout FeatureMatrix, maximum: Float) {
        logMel.values.withUnsafeMutableBufferPointer { values in
            VectorMath.clampShiftScale(values, floor: floor(forMaximum: maximum), offset: 4, scale: 0.25)
        }
    }

    /// Frames `start ..< start + frameCount` of `features`, zero-padded past its end (openai-whisper's
    /// `pad_or_trim(mel[:, seek:], N_FRAMES)` on a mel segment).
    public static func padOrTrim(_ features: FeatureMatrix, from start: Int = 0,
                                 frameCount: Int = windowFrameCount) -> FeatureMatrix {
        precondition(start >= 0 && frameCount >= 0, "padOrTrim(from: \(start), frameCount: \(frameCount))")
        var values = [Float](repeating: 0, count: features.featureCount * frameCount)
        let available = max(0, min(frameCount, features.frameCount - start))
        for feature in 0..<features.featureCount where available > 0 {
            let source = feature * features.frameCount + start
            values[(feature * frameCount)..<(feature * frameCount + available)] =
                features.values[source..<(source + available)]
        }
        return FeatureMatrix(featureCount: features.featureCount, frameCount: frameCount, values: values)
    }
}
