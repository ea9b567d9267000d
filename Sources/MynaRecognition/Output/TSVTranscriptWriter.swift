import MynaCore

/// `tsv`: a header, then integer milliseconds and the stripped text with tabs replaced by spaces (`WriteTSV`).
public struct TSVTranscriptWriter: TranscriptWriter {
    public init() {}
    public mutating func header() -> String { "start\tend\ttext\n" }
    public mutating func segment(_ segment: TranscriptSegment) -> String {
        let text = PythonText.strip(segment.text).replacingOccurrences(of: "\t", with: " ")
        return "\(PythonText.round(1000 * segment.start))\t\(PythonText.round(1000 * segment.end))\t\(text)\n"
    }
    public mutating func footer(_ transcript: Transcript) -> String { "" }
}
