import Foundation
import MynaKit

// The OpenAI audio API's transcription objects, keys spelled as on the wire (the `openai` client's
// `Transcription`, `TranscriptionVerbose`, `TranscriptionSegment` and stream events).

/// `response_format=json`: `{"text": …}`.
struct TranscriptionJSON: Encodable {
    var text: String
}

/// `response_format=verbose_json`.
struct TranscriptionVerbose: Encodable {
    /// `transcribe` or `translate`.
    var task: String
    /// The language as its full lowercase English name (`english`), as OpenAI reports it.
    var language: String
    /// Seconds of audio.
    var duration: Double
    var text: String
    /// Absent when only `word` granularity was asked for (nil values are left out of the JSON).
    var segments: [TranscriptionSegment]?
    /// Present only when `word` granularity was asked for.
    var words: [TranscriptionWord]?
}

/// One word of `verbose_json`'s top-level `words` (the `openai` client's `TranscriptionWord`): the word without the
/// leading space Whisper decodes it with (punctuation stays merged into it, as faster-whisper times it), and its
/// start and end in seconds.
struct TranscriptionWord: Encodable {
    var word: String
    var start: Double
    var end: Double

    init(_ word: TranscriptWord) {
        self.word = word.word.trimmingCharacters(in: .whitespaces)
        start = word.start
        end = word.end
    }
}

/// One segment of `verbose_json`, all ten fields; `text` keeps its leading space as Whisper decodes it.
struct TranscriptionSegment: Encodable {
    var id: Int
    var seek: Int
    var start: Double
    var end: Double
    var text: String
    var tokens: [Int]
    var temperature: Double
    var avg_logprob: Double
    var compression_ratio: Double
    var no_speech_prob: Double

    init(_ segment: TranscriptSegment) {
        id = segment.id
        seek = segment.seek
        start = segment.start
        end = segment.end
        text = segment.text
        tokens = segment.tokens
        temperature = segment.temperature
        avg_logprob = segment.avgLogProb
        compression_ratio = segment.compressionRatio
        no_speech_prob = segment.noSpeechProb
    }
}

/// `stream=true`: a final segment's text (`{"type":"transcript.text.delta","delta":…}`).
struct TranscriptTextDelta: Encodable {
    let type = "transcript.text.delta"
    var delta: String
}

/// `stream=true`: the whole text, after the last delta (`{"type":"transcript.text.done","text":…}`).
struct TranscriptTextDone: Encodable {
    let type = "transcript.text.done"
    var text: String
}

extension Transcript {
    /// The text as OpenAI returns it: Whisper's segments joined, without the leading space.
    var openAIText: String { text.trimmingCharacters(in: .whitespacesAndNewlines) }

    /// The language's full lowercase English name (`english`), or the code when Whisper has no name for it.
    var languageName: String {
        WhisperLanguage.names.first { $0.code == language }?.name ?? language
    }
}
