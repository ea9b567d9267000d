/// Finds where speech is in a recording, so that the speaker encoder can drop the rest (Resemblyzer trims long
/// silences with webrtcvad; Myna uses Silero VAD through this role).
public protocol SpeechRegionDetector: Sendable {
    /// The sample rate the detector takes, in Hz.
    var sampleRate: Int { get }
    /// Sample ranges of speech in `samples` (mono, `sampleRate`), sorted and non-overlapping; empty when there is
    /// no speech.
    func speechRegions(in samples: [Float]) throws -> [Range<Int>]
}

extension SpeechRegionDetector {
    /// The samples inside `regions`, concatenated in order (silero-vad's `collect_chunks`).
    public static func collect(_ regions: [Range<Int>], from samples: [Float]) -> [Float] {
        var kept: [Float] = []
        kept.reserveCapacity(regions.reduce(0) { $0 + $1.count })
        for region in regions {
            let clamped = region.clamped(to: 0..<samples.count)
            kept.append(contentsOf: samples[clamped])
        }
        return kept
    }
}
