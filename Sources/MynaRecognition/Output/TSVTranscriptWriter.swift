import MynaCore

/// `tsv`: a header, then integer milliseconds and the stripped text with tabs replaced by spaces (`WriteTSV`), the
/// text after `[SPEAKER]: ` when the segment has a speaker.
///
/// With a `file` label (several transcripts in one stream), a first column `file` names the input on every row, so
/// the rows of all files form one table.
public struct TSVTranscriptWriter: TranscriptWriter {
    /// The first cell of every row (tabs and line breaks replaced by spaces), or nil for openai-whisper's three columns.
    public var file: String?

    public init(file: String? = nil) {
        self.file = file.map { $0.replacingOccurrences(of: "\t", with: " ").replacingOccurrences(of: "\n", with: " ")
                                 .replacingOccurrences(of: "\r", with: " ") }
    }

    public mutating func header() -> String { (file == nil ? "" : "file\t") + "start\tend\ttext\n" }
    public mutating func segment(_ segment: TranscriptSegment) -> String {
        let text = SpeakerLabel.prefix(segment.speaker) + PythonText.strip(segment.text).replacingOccurrences(of: "\t", with: " ")
        let row = "\(PythonText.round(1000 * segment.start))\t\(PythonText.round(1000 * segment.end))\t\(text)\n"
        return file.map { "\($0)\t" + row } ?? row
    }
    public mutating func footer(_ transcript: Transcript) -> String { "" }
}
