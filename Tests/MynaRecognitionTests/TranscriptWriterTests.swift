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
        var cases: [Case]
    }

    struct GoldenTranscript: Decodable {
        struct Segment: Decodable {
            var id, seek: Int
            var start, end: Double
            var text: String
            var tokens: [Int]
            var temperature, avg_logprob, compression_ratio, no_speech_prob: Double
        }
        var text: String
        var segments: [Segment]
        var language: String
        var language_probability: Double?

        var transcript: Transcript {
            Transcript(text: text, segments: segments.map {
                TranscriptSegment(id: $0.id, seek: $0.seek, start: $0.start, end: $0.end, text: $0.text, tokens: $0.tokens,
                                  temperature: $0.temperature, avgLogProb: $0.avg_logprob,
                                  compressionRatio: $0.compression_ratio, noSpeechProb: $0.no_speech_prob)
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
