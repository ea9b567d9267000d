import MynaCore

extension FeatureExtractor {
    /// Features of `audio`, which must be mono at `sampleRate` (resample with `Resampler` and downmix first).
    /// - Throws: `FeatureError.wrongSampleRate` or `.wrongChannelCount` saying what to do, or the extractor's errors.
    public func extract(_ audio: AudioBuffer) throws -> FeatureMatrix {
        guard audio.format.channelCount == 1 else {
            throw FeatureError(.wrongChannelCount, message: """
                the audio has \(audio.format.channelCount) channels; this extractor takes mono (downmix first)
                """)
        }
        guard audio.format.sampleRate == sampleRate else {
            throw FeatureError(.wrongSampleRate, message: """
                the audio is at \(audio.format.sampleRate) Hz; this extractor takes \(sampleRate) Hz (resample first)
                """)
        }
        return try extract(audio.samples)
    }
}
