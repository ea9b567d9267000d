extension SileroVoiceDetector {
    /// The speech segments of `samples` (16 kHz mono), as silero-vad 6.2.3's `get_speech_timestamps(audio, model,
    /// …)` returns them in samples. Throws `FeatureError` for empty, non-finite or wrongly sampled audio and
    /// `ConfigurationError` for options that do not validate. Audio without speech gives an empty array.
    public func speechSegments(_ samples: [Float], sampleRate: Int,
                               options: SpeechTimestampOptions = .default) throws -> [SpeechSegment] {
        try options.validate()
        let probabilities = try speechProbabilities(samples, sampleRate: sampleRate)
        return try SpeechTimestamps.segments(probabilities: probabilities, sampleCount: samples.count, options: options)
    }
}
