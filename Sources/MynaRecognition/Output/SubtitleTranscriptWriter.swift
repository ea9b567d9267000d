import MynaCore

/// `srt` and `vtt` without word timings (`WriteSRT`, `WriteVTT` and `SubtitlesWriter.iterate_result`):
/// one cue per segment, text stripped and `-->` replaced by `->`.
public struct SubtitleTranscriptWriter: TranscriptWriter {
    public enum Style: Sendable { case srt, vtt }

    public let style: Style
    private var cueNumber = 0

    public init(style: Style) { self.style = style }

    public mutating func header() -> String { style == .vtt ? "WEBVTT\n\n" : "" }

    public mutating func segment(_ segment: TranscriptSegment) -> String {
        let start = timestamp(segment.start), end = timestamp(segment.end)
        let text = PythonText.strip(segment.text).replacingOccurrences(of: "-->", with: "->")
        switch style {
        case .vtt:
            return "\(start) --> \(end)\n\(text)\n\n"
        case .srt:
            cueNumber += 1
            return "\(cueNumber)\n\(start) --> \(end)\n\(text)\n\n"
        }
    }

    public mutating func footer(_ transcript: Transcript) -> String { "" }

    private func timestamp(_ seconds: Double) -> String {
        switch style {
        case .srt: PythonText.timestamp(seconds, alwaysIncludeHours: true, decimalMarker: ",")
        case .vtt: PythonText.timestamp(seconds, alwaysIncludeHours: false, decimalMarker: ".")
        }
    }
}
