/// One stretch of speech, in samples of the 16 kHz audio: `startSample ..< endSample`.
///
/// Thread-safety: a value; share freely.
public struct SpeechSegment: Sendable, Hashable, Codable, CustomStringConvertible {
    /// First sample of the segment (padding included).
    public var startSample: Int
    /// One past the last sample.
    public var endSample: Int

    public init(startSample: Int, endSample: Int) {
        self.startSample = startSample
        self.endSample = endSample
    }

    /// `startSample` in seconds at `sampleRate`.
    public func startSeconds(sampleRate: Int = 16_000) -> Double { Double(startSample) / Double(sampleRate) }
    /// `endSample` in seconds at `sampleRate`.
    public func endSeconds(sampleRate: Int = 16_000) -> Double { Double(endSample) / Double(sampleRate) }
    /// Length in samples.
    public var sampleCount: Int { endSample - startSample }

    public var description: String { "\(startSample)..<\(endSample)" }
}
