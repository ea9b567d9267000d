import Foundation
import MynaCore

/// Reads back what `JSONTranscriptWriter` writes (without a `"file"` label): the whole transcript, every segment with
/// its tokens and statistics, words with their probabilities, speakers, the language and its probability. What
/// `myna transcribe --server` receives from a Myna server (`response_format=myna_json`), so that a remote run writes
/// every format exactly as a local one does.
///
/// Numbers round-trip exactly: the writer spells each double as its shortest repr (Python's float repr), which
/// `JSONDecoder` parses back to the same double.
public enum JSONTranscriptReader {
    /// - Throws: `DecodingError` when `data` is not such a document.
    public static func transcript(from data: Data) throws -> Transcript {
        let decoder = JSONDecoder()
        // The writer spells non-finite numbers as Python does (NaN, Infinity, -Infinity), which JSON5 allows.
        decoder.allowsJSON5 = true
        let document = try decoder.decode(Document.self, from: data)
        return Transcript(text: document.text, segments: document.segments.map(\.value), language: document.language,
                          languageProbability: document.language_probability)
    }

    // The document's keys, spelled as the writer spells them (openai-whisper's).
    private struct Document: Decodable {
        var text: String
        var segments: [Segment]
        var language: String
        var language_probability: Double?
    }

    private struct Segment: Decodable {
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
        var speaker: String?
        var words: [Word]?

        var value: TranscriptSegment {
            TranscriptSegment(id: id, seek: seek, start: start, end: end, text: text, tokens: tokens,
                              temperature: temperature, avgLogProb: avg_logprob, compressionRatio: compression_ratio,
                              noSpeechProb: no_speech_prob, words: words?.map(\.value), speaker: speaker)
        }
    }

    private struct Word: Decodable {
        var word: String
        var start: Double
        var end: Double
        var probability: Double
        var speaker: String?

        var value: TranscriptWord {
            TranscriptWord(word: word, start: start, end: end, probability: probability, speaker: speaker)
        }
    }
}
