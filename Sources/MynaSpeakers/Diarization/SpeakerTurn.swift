/// One speaker talking from `start` to `end` seconds: a line of an RTTM file, a row of `myna diarize`.
public struct SpeakerTurn: Sendable, Hashable, Codable {
    public var start: Double
    public var end: Double
    /// `SPEAKER_00`, `SPEAKER_01`… in order of first appearance, or an enrolled speaker's name.
    public var speaker: String

    public init(start: Double, end: Double, speaker: String) {
        self.start = start
        self.end = end
        self.speaker = speaker
    }

    public var duration: Double { end - start }
}
