/// Speech segments from per-step speech probabilities: silero-vad 6.2.3's `get_speech_timestamps_from_probs` (the
/// second half of `get_speech_timestamps`), in samples.
public enum SpeechTimestamps {
    /// The padded segments of audio `sampleCount` samples long whose 512-sample steps had `probabilities`.
    /// Throws `ConfigurationError` when `options` do not validate.
    public static func segments(probabilities: [Float], sampleCount: Int,
                                options: SpeechTimestampOptions = .default) throws -> [SpeechSegment] {
        try options.validate()
        let scale = SpeechTimestampScale(options)
        var machine = SpeechSegmentMachine(scale: scale)
        var events: [SpeechSegmentMachine.Event] = []
        for probability in probabilities { machine.push(probability, events: &events) }
        machine.finish(sampleCount: sampleCount, events: &events)
        let raw: [SpeechSegment] = events.compactMap {
            if case .kept(let start, let end) = $0 { return SpeechSegment(startSample: start, endSample: end) }
            return nil
        }
        return pad(raw, sampleCount: sampleCount, padSamples: scale.padSamples)
    }

    /// The padding loop at the end of `get_speech_timestamps_from_probs`: each segment grows by the pad on both
    /// sides, clamped to the audio, except that two segments closer than twice the pad split the gap between them.
    static func pad(_ raw: [SpeechSegment], sampleCount: Int, padSamples pad: Int) -> [SpeechSegment] {
        var speeches = raw
        for i in speeches.indices {
            if i == 0 { speeches[i].startSample = max(0, speeches[i].startSample - pad) }
            if i != speeches.count - 1 {
                let silence = speeches[i + 1].startSample - speeches[i].endSample
                if silence < 2 * pad {
                    speeches[i].endSample += floorHalf(silence)
                    speeches[i + 1].startSample = max(0, speeches[i + 1].startSample - floorHalf(silence))
                } else {
                    speeches[i].endSample = min(sampleCount, speeches[i].endSample + pad)
                    speeches[i + 1].startSample = max(0, speeches[i + 1].startSample - pad)
                }
            } else {
                speeches[i].endSample = min(sampleCount, speeches[i].endSample + pad)
            }
        }
        return speeches
    }

    /// Python's `x // 2` (floor, also for negative gaps).
    static func floorHalf(_ x: Int) -> Int { x >= 0 ? x / 2 : -((-x + 1) / 2) }
}
