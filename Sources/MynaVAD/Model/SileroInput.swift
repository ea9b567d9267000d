import MynaCore

/// Checks audio before it reaches the model: a NaN would poison the carried LSTM state for the rest of the stream,
/// and another rate would give probabilities that mean nothing.
enum SileroInput {
    static func check(_ samples: [Float], sampleRate: Int, _ c: SileroVADConfiguration) throws(FeatureError) {
        try checkRate(sampleRate, c)
        if samples.isEmpty {
            throw FeatureError(.empty, message: "the audio is empty (0 samples); voice activity detection needs audio")
        }
        try samples.withUnsafeBufferPointer { buffer throws(FeatureError) in try checkFinite(buffer, firstIndex: 0) }
    }

    static func checkRate(_ sampleRate: Int, _ c: SileroVADConfiguration) throws(FeatureError) {
        guard sampleRate == c.sampleRate else {
            throw FeatureError(.wrongSampleRate, message: """
                Silero VAD takes \(c.sampleRate) Hz audio, this is \(sampleRate) Hz; resample it to \(c.sampleRate) Hz first
                """)
        }
    }

    /// Throws for the first NaN or infinite sample, numbered from `firstIndex` (the stream position of `samples[0]`).
    static func checkFinite(_ samples: UnsafeBufferPointer<Float>, firstIndex: Int) throws(FeatureError) {
        // x − x is 0 for finite x and NaN otherwise, and a NaN survives the sum: one cheap pass when all is well.
        var check: Float = 0
        for value in samples { check += value - value }
        guard check.isNaN else { return }
        for (index, value) in samples.enumerated() where !value.isFinite {
            throw FeatureError(.nonFinite, message: """
                sample \(firstIndex + index) is \(value); voice activity detection needs finite samples
                """)
        }
    }
}
