import MynaCore

/// `srt` and `vtt` as openai-whisper's `WriteSRT`, `WriteVTT` and `SubtitlesWriter.iterate_result` lay them out.
///
/// Without word timings, one cue per segment, text stripped and `-->` replaced by `->`. With word timings (segments
/// carrying `words`), cues are built from the words: one per segment unless both `maxLineWidth` and `maxLineCount`
/// are given, lines wrapped at `maxLineWidth` characters, and with `highlightWords` one cue per word with that word
/// underlined (`<u>…</u>`) plus cues for the gaps between words.
///
/// Segments and words with a speaker: a cue never spans two speakers, and its text starts with `[SPEAKER]: `; in vtt
/// the text is also a voice span, `<v SPEAKER>[SPEAKER]: text</v>`.
public struct SubtitleTranscriptWriter: TranscriptWriter {
    public enum Style: Sendable { case srt, vtt }

    public let style: Style
    public let layout: SubtitleLayout
    private var cueNumber = 0
    private var words: WordCues?

    public init(style: Style, layout: SubtitleLayout = SubtitleLayout()) {
        self.style = style
        self.layout = layout
    }

    public mutating func header() -> String { style == .vtt ? "WEBVTT\n\n" : "" }

    public mutating func segment(_ segment: TranscriptSegment) -> String {
        if let segmentWords = segment.words {
            if words == nil { words = WordCues(layout: layout) }
            return words!.add(segmentWords).map { cues($0) }.joined()
        }
        let text = PythonText.strip(segment.text).replacingOccurrences(of: "-->", with: "->")
        return cue(timestamp(segment.start), timestamp(segment.end), text, speaker: segment.speaker)
    }

    public mutating func footer(_ transcript: Transcript) -> String {
        guard let last = words?.finish() else { return "" }
        return cues(last)
    }

    private mutating func cue(_ start: String, _ end: String, _ text: String, speaker: String?) -> String {
        switch style {
        case .vtt:
            return "\(start) --> \(end)\n\(SpeakerLabel.voiceSpan(speaker, text))\n\n"
        case .srt:
            cueNumber += 1
            return "\(cueNumber)\n\(start) --> \(end)\n\(SpeakerLabel.prefix(speaker))\(text)\n\n"
        }
    }

    /// The cue (or, highlighting, the cues) of one subtitle: words whose text holds its spaces and line breaks.
    private mutating func cues(_ subtitle: [TranscriptWord]) -> String {
        let start = timestamp(subtitle[0].start), end = timestamp(subtitle[subtitle.count - 1].end)
        let text = subtitle.map(\.word).joined()
        let speaker = subtitle[0].speaker
        guard layout.highlightWords else { return cue(start, end, text, speaker: speaker) }
        var output = ""
        var last = start
        for (i, word) in subtitle.enumerated() {
            let wordStart = timestamp(word.start), wordEnd = timestamp(word.end)
            if last != wordStart { output += cue(last, wordStart, text, speaker: speaker) }
            let highlighted = subtitle.enumerated().map { $0.offset == i ? Self.underline($0.element.word) : $0.element.word }
            output += cue(wordStart, wordEnd, highlighted.joined(), speaker: speaker)
            last = wordEnd
        }
        return output
    }

    /// `re.sub(r"^(\s*)(.*)$", r"\1<u>\2</u>", word)`: leading white space kept outside the underline.
    static func underline(_ word: String) -> String {
        let scalars = word.unicodeScalars
        let firstVisible = scalars.firstIndex { !PythonText.isSpace($0) } ?? scalars.endIndex
        return String(scalars[..<firstVisible]) + "<u>" + String(scalars[firstVisible...]) + "</u>"
    }

    private func timestamp(_ seconds: Double) -> String {
        switch style {
        case .srt: PythonText.timestamp(seconds, alwaysIncludeHours: true, decimalMarker: ",")
        case .vtt: PythonText.timestamp(seconds, alwaysIncludeHours: false, decimalMarker: ".")
        }
    }
}

/// How word-timed subtitles are cut into cues and lines (openai-whisper's `--max_line_width`, `--max_line_count`,
/// `--highlight_words`). Without word timings these have no effect.
public struct SubtitleLayout: Sendable, Equatable {
    /// Characters per line before a line break; nil: no limit (1000 upstream).
    public var maxLineWidth: Int?
    /// Lines per cue; only with `maxLineWidth` (a cue then spans segments, broken at pauses over 3 s).
    public var maxLineCount: Int?
    /// One cue per word with the word underlined.
    public var highlightWords: Bool

    public init(maxLineWidth: Int? = nil, maxLineCount: Int? = nil, highlightWords: Bool = false) {
        self.maxLineWidth = maxLineWidth
        self.maxLineCount = maxLineCount
        self.highlightWords = highlightWords
    }

    /// Whether any option asks for word timings.
    public var needsWordTimestamps: Bool { maxLineWidth != nil || maxLineCount != nil || highlightWords }
}

/// openai-whisper's `iterate_subtitles`, one segment at a time: returns the subtitles completed so far. A change of
/// speaker between two words also ends a subtitle (upstream has no speakers).
struct WordCues {
    let layout: SubtitleLayout
    private var lineLength = 0
    private var lineCount = 1
    private var subtitle: [TranscriptWord] = []
    private var last: Double?

    init(layout: SubtitleLayout) { self.layout = layout }

    /// Python's `len`: code points.
    private static func length(_ text: String) -> Int { text.unicodeScalars.count }

    mutating func add(_ words: [TranscriptWord]) -> [[TranscriptWord]] {
        // `preserve_segments`: one subtitle per segment unless both limits are given.
        let preserveSegments = layout.maxLineCount == nil || layout.maxLineWidth == nil
        let maxLineWidth = layout.maxLineWidth ?? 1000
        var done: [[TranscriptWord]] = []
        for (i, original) in words.enumerated() {
            var timing = original
            let previousStart = last ?? timing.start
            let longPause = !preserveSegments && timing.start - previousStart > 3.0
            let hasRoom = lineLength + Self.length(timing.word) <= maxLineWidth
            let segmentBreak = (i == 0 && !subtitle.isEmpty && preserveSegments)
                || (!subtitle.isEmpty && subtitle[subtitle.count - 1].speaker != timing.speaker)
            if lineLength > 0 && hasRoom && !longPause && !segmentBreak {
                lineLength += Self.length(timing.word)                          // line continuation
            } else {
                timing.word = PythonText.strip(timing.word)                     // new line
                if (!subtitle.isEmpty && layout.maxLineCount != nil
                    && (longPause || lineCount >= layout.maxLineCount!)) || segmentBreak {
                    done.append(subtitle)                                       // subtitle break
                    subtitle = []
                    lineCount = 1
                } else if lineLength > 0 {
                    lineCount += 1                                              // line break
                    timing.word = "\n" + timing.word
                }
                lineLength = Self.length(PythonText.strip(timing.word))
            }
            subtitle.append(timing)
            last = timing.start
        }
        return done
    }

    mutating func finish() -> [TranscriptWord]? {
        defer { subtitle = [] }
        return subtitle.isEmpty ? nil : subtitle
    }
}
