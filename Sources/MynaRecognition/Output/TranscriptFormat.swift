import MynaCore

/// The output formats of `myna transcribe`, laid out exactly as openai-whisper's `utils.py` writers lay them out.
public enum TranscriptFormat: String, CaseIterable, Sendable {
    case txt, srt, vtt, tsv, json

    /// A writer that produces this format one segment at a time.
    ///
    /// `file` labels the transcript when several share one stream: json then carries a `"file"` member and tsv a
    /// leading `file` column. The other formats have no place for it (the caller labels txt with a header line; srt
    /// and vtt of several files cannot share a stream).
    /// `subtitles` lays out srt and vtt cues of word-timed transcripts; the other formats ignore it.
    public func makeWriter(file: String? = nil, subtitles: SubtitleLayout = SubtitleLayout()) -> any TranscriptWriter {
        switch self {
        case .txt: TextTranscriptWriter()
        case .srt: SubtitleTranscriptWriter(style: .srt, layout: subtitles)
        case .vtt: SubtitleTranscriptWriter(style: .vtt, layout: subtitles)
        case .tsv: TSVTranscriptWriter(file: file)
        case .json: JSONTranscriptWriter(file: file)
        }
    }

    /// The format a file name's extension stands for (`.txt`, `.srt`, `.vtt`, `.tsv`, `.json`, in any case), or nil.
    public init?(fileExtensionOf path: String) {
        let name = path.split(separator: "/").last.map(String.init) ?? ""
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return nil }
        self.init(rawValue: name[name.index(after: dot)...].lowercased())
    }
}

/// Renders a transcript incrementally, so that segments can be printed as soon as they are final.
///
/// Call `header()`, then `segment(_:)` for each segment in order, then `footer(_:)` with the whole transcript;
/// the concatenation of what they return is the file.
public protocol TranscriptWriter {
    mutating func header() -> String
    mutating func segment(_ segment: TranscriptSegment) -> String
    mutating func footer(_ transcript: Transcript) -> String
}

extension TranscriptWriter {
    /// The whole file for a finished transcript.
    public mutating func render(_ transcript: Transcript) -> String {
        var output = header()
        for segment in transcript.segments { output += self.segment(segment) }
        return output + footer(transcript)
    }
}
