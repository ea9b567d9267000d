import Foundation
import MynaCore
import MynaRecognition
import Testing

/// `JSONTranscriptReader` reads what openai-whisper's `json.dump` writes (the writer goldens of
/// scripts/goldens/transcript_writer_goldens.py) back into the transcript it was written from, every double exact: a
/// remote `myna transcribe --server` run rebuilds its outputs from it.
@Suite struct JSONTranscriptReaderTests {
    @Test func readsOpenAIWhispersJSONBackExactly() throws {
        let golden = TranscriptWriterTests.golden
        for (index, testCase) in golden.cases.enumerated() {
            let json = try #require(testCase.outputs["json"])
            let read = try JSONTranscriptReader.transcript(from: Data(json.utf8))
            #expect(read == testCase.transcript.transcript, "case \(index)")
        }
        let wordJSON = try #require(golden.wordCases.first?.outputs["json"])
        #expect(try JSONTranscriptReader.transcript(from: Data(wordJSON.utf8)) == golden.wordTranscript.transcript)
    }

    /// Speakers, a detected language's probability, non-ASCII text and non-finite statistics survive the round trip
    /// through Myna's own writer.
    @Test func roundTripsWhatTheWriterAdds() throws {
        let words = [TranscriptWord(word: " Grüße,", start: 0.1, end: 0.48, probability: 0.912345678901234, speaker: "Ana"),
                     TranscriptWord(word: " 東京", start: 0.5, end: 1.0000000000000002, probability: 1e-7, speaker: "SPEAKER_01")]
        let segments = [
            TranscriptSegment(id: 0, seek: 0, start: 0.1, end: 1.0000000000000002, text: " Grüße, 東京 \"quoted\"\n",
                              tokens: [50364, 1, 2, 50414], temperature: 0.2, avgLogProb: -.infinity,
                              compressionRatio: 0.1 + 0.2, noSpeechProb: .nan, words: words, speaker: "Ana"),
            TranscriptSegment(id: 1, seek: 3000, start: 30, end: 31.5, text: " next", tokens: [],
                              temperature: 0, avgLogProb: -0.25, compressionRatio: 1.5, noSpeechProb: 1e-300),
        ]
        let transcript = Transcript(text: " Grüße, 東京 \"quoted\"\n next", segments: segments, language: "de",
                                    languageProbability: 0.987654321)
        var writer = TranscriptFormat.json.makeWriter()
        let read = try JSONTranscriptReader.transcript(from: Data(writer.render(transcript).utf8))
        // NaN is not equal to itself: compare it apart, then the rest with it replaced.
        #expect(read.segments[0].noSpeechProb.isNaN)
        var comparable = read
        comparable.segments[0].noSpeechProb = 0
        var expected = transcript
        expected.segments[0].noSpeechProb = 0
        #expect(comparable == expected)
    }

    @Test func refusesWhatIsNotATranscript() {
        for text in ["", "<html>502 Bad Gateway</html>", #"{"text": "hi"}"#, #"{"error": {"message": "x"}}"#] {
            #expect(throws: DecodingError.self) { try JSONTranscriptReader.transcript(from: Data(text.utf8)) }
        }
    }
}
