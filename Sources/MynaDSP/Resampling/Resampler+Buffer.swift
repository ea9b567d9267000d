import MynaCore

extension Resampler {
    /// `buffer` converted to `sampleRate` Hz in one go (all channels, `SOXR_HQ`); the result has
    /// round(frames · sampleRate / buffer.format.sampleRate) frames. Returns `buffer` unchanged when the rates match.
    /// - Throws: `AudioIOError` `.invalidFormat` for rates outside 1…768000 Hz or more than 256:1 apart.
    public static func resample(_ buffer: AudioBuffer, to sampleRate: Int) throws -> AudioBuffer {
        if buffer.format.sampleRate == sampleRate { return buffer }
        let resampler = try Resampler(inputRate: buffer.format.sampleRate, outputRate: sampleRate,
                                      channelCount: buffer.format.channelCount)
        var samples = try resampler.process(buffer.samples)
        samples.append(contentsOf: try resampler.flush())
        return AudioBuffer(format: AudioFormat(sampleRate: sampleRate, channelCount: buffer.format.channelCount),
                           samples: samples)
    }
}
