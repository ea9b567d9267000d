import MynaCore

/// `txt`: each segment's stripped text on its own line (`WriteTXT`), after `[SPEAKER]: ` when it has a speaker.
public struct TextTranscriptWriter: TranscriptWriter {
    public init() {}
    public mutating func header() -> String { "" }
    public mutating func segment(_ segment: TranscriptSegment) -> String {
        SpeakerLabel.prefix(segment.speaker) + PythonText.strip(segment.text) + "\n"
    }
    public mutating func footer(_ transcript: Transcript) -> String { "" }
}
