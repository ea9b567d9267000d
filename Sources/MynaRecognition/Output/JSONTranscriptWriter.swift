import MynaCore

/// `json`: openai-whisper's `json.dump(result, file)` — `{"text", "segments": [{"id", "seek", "start", "end", "text",
/// "tokens", "temperature", "avg_logprob", "compression_ratio", "no_speech_prob", "words"}], "language"}` (`words`, each `{"word", "start", "end",
/// "probability"}`, only with word timestamps) with Python's default
/// separators, ASCII escapes and float spelling — plus `"language_probability"` after `"language"` when it was detected,
/// and `"speaker"` after `"no_speech_prob"` on segments and after `"probability"` on words when they have one (as
/// whisperX places it).
///
/// JSON is one document, so everything is written by `footer`. With a `file` label (several transcripts in one
/// stream, one object per line), the object starts with a `"file"` member naming the input.
public struct JSONTranscriptWriter: TranscriptWriter {
    /// The input's name for the `"file"` member, or nil for openai-whisper's layout.
    public var file: String?

    public init(file: String? = nil) { self.file = file }
    public mutating func header() -> String { "" }
    public mutating func segment(_ segment: TranscriptSegment) -> String { "" }

    public mutating func footer(_ transcript: Transcript) -> String {
        let json = PythonJSON()
        json.object {
            if let file { json.member("file") { json.string(file) } }
            json.member("text") { json.string(transcript.text) }
            json.member("segments") {
                json.array(transcript.segments) { segment in
                    json.object {
                        json.member("id") { json.integer(segment.id) }
                        json.member("seek") { json.integer(segment.seek) }
                        json.member("start") { json.number(segment.start) }
                        json.member("end") { json.number(segment.end) }
                        json.member("text") { json.string(segment.text) }
                        json.member("tokens") { json.array(segment.tokens) { json.integer($0) } }
                        json.member("temperature") { json.number(segment.temperature) }
                        json.member("avg_logprob") { json.number(segment.avgLogProb) }
                        json.member("compression_ratio") { json.number(segment.compressionRatio) }
                        json.member("no_speech_prob") { json.number(segment.noSpeechProb) }
                        if let speaker = segment.speaker { json.member("speaker") { json.string(speaker) } }
                        if let words = segment.words {
                            json.member("words") {
                                json.array(words) { word in
                                    json.object {
                                        json.member("word") { json.string(word.word) }
                                        json.member("start") { json.number(word.start) }
                                        json.member("end") { json.number(word.end) }
                                        json.member("probability") { json.number(word.probability) }
                                        if let speaker = word.speaker { json.member("speaker") { json.string(speaker) } }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            json.member("language") { json.string(transcript.language) }
            if let probability = transcript.languageProbability {
                json.member("language_probability") { json.number(probability) }
            }
        }
        return json.output
    }
}
