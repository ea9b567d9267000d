import Foundation
import MynaCore
import MynaRecognition
import Testing

/// Byte-for-byte comparison with openai-whisper's writers (scripts/goldens/transcript_writer_goldens.py).
@Suite struct TranscriptWriterTests {
    struct Golden: Decodable {
        struct Case: Decodable {
            var transcript: GoldenTranscript
            var outputs: [String: String]
        }
        struct WordCase: Decodable {
            struct Options: Decodable { var max_line_width: Int?; var max_line_count: Int?; var highlight_words: Bool? }
            var options: Options
            var outputs: [String: String]
        }
        var cases: [Case]
        var wordTranscript: GoldenTranscript
        var wordCases: [WordCase]
    }

    struct GoldenTranscript: Decodable {
        struct Segment: Decodable {
            var id, seek: Int
            var start, end: Double
            var text: String
            var tokens: [Int]
            var temperature, avg_logprob, compression_ratio, no_speech_prob: Double
            var words: [TranscriptWord]?
        }
        var text: String
        var segments: [Segment]
        var language: String
        var language_probability: Double?

        var transcript: Transcript {
            Transcript(text: text, segments: segments.map {
                TranscriptSegment(id: $0.id, seek: $0.seek, start: $0.start, end: $0.end, text: $0.text, tokens: $0.tokens,
                                  temperature: $0.temperature, avgLogProb: $0.avg_logprob,
                                  compressionRatio: $0.compression_ratio, noSpeechProb: $0.no_speech_prob, words: $0.words)
            }, language: language, languageProbability: language_probability)
        }
    }

    static let golden: Golden = {
        let url = Bundle.module.url(forResource: "transcript_writers", withExtension: "json", subdirectory: "Golden")!
        return try! JSONDecoder().decode(Golden.self, from: Data(contentsOf: url))
    }()

    @Test(arguments: TranscriptFormat.allCases)
    func matchesOpenAIWhisper(format: TranscriptFormat) throws {
        #expect(Self.golden.cases.count == 3)
        for (index, testCase) in Self.golden.cases.enumerated() {
            var writer = format.makeWriter()
            let expected = try #require(testCase.outputs[format.rawValue])
            let actual = writer.render(testCase.transcript.transcript)
            #expect(actual == expected, "case \(index), format \(format.rawValue)")
        }
    }

    /// srt, vtt and json of a word-timed transcript with openai-whisper's max_line_width, max_line_count and
    /// highlight_words, streamed segment by segment.
    @Test func wordTimedSubtitlesMatchOpenAIWhisper() throws {
        #expect(Self.golden.wordCases.count == 6)
        let transcript = Self.golden.wordTranscript.transcript
        for testCase in Self.golden.wordCases {
            let layout = SubtitleLayout(maxLineWidth: testCase.options.max_line_width,
                                        maxLineCount: testCase.options.max_line_count,
                                        highlightWords: testCase.options.highlight_words ?? false)
            for format in [TranscriptFormat.srt, .vtt, .json] {
                var writer = format.makeWriter(subtitles: layout)
                var streamed = writer.header()
                for segment in transcript.segments { streamed += writer.segment(segment) }
                streamed += writer.footer(transcript)
                #expect(streamed == testCase.outputs[format.rawValue], "\(format.rawValue) \(layout)")
            }
        }
    }

    @Test func streamingPiecesConcatenateToTheFile() throws {
        let transcript = Self.golden.cases[2].transcript.transcript
        for format in TranscriptFormat.allCases {
            var whole = format.makeWriter()
            var pieces = format.makeWriter()
            var streamed = pieces.header()
            for segment in transcript.segments { streamed += pieces.segment(segment) }
            streamed += pieces.footer(transcript)
            #expect(streamed == whole.render(transcript))
        }
    }
}
