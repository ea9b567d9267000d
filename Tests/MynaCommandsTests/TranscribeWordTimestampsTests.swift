import Foundation
import MynaTestSupport
import Testing

/// `myna transcribe --word-timestamps`: words in json as faster-whisper times them (the dev-set word goldens of
/// scripts/goldens/whisper_word_goldens.py), word-timed srt cues laid out by --max-line-width and --max-line-count,
/// and the layout options refused without --word-timestamps.
@Suite struct TranscribeWordTimestampsTests {
    struct Golden: Decodable {
        struct Word: Decodable { var word: String; var start, end: Double }
        struct Segment: Decodable { var words: [Word] }
        struct Utterance: Decodable { var file: String; var beam5: [Segment]? }
        var utterances: [Utterance]
    }

    static let jfk = Fixtures.sample("jfk.flac")

    @Test func jsonWordsEqualFasterWhisper() throws {
        let result = try MynaExecutable.run(["transcribe", "--word-timestamps", "--json", Self.jfk])
        #expect(result.exitCode == 0, "\(result.standardError)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        let segments = try #require(object["segments"] as? [[String: Any]])
        let words = segments.flatMap { ($0["words"] as? [[String: Any]]) ?? [] }
        let url = Fixtures.repositoryRoot.appendingPathComponent(
            "Tests/MynaRecognitionTests/Golden/faster_whisper_words_whisper-tiny.en.json")
        let golden = try JSONDecoder().decode(Golden.self, from: Data(contentsOf: url))
        let expected = try #require(golden.utterances.first { $0.file == "asr/dev/wcpp-jfk.flac" }?.beam5).flatMap(\.words)
        #expect(words.map { $0["word"] as? String } == expected.map(\.word))
        for (word, reference) in zip(words, expected) {
            let start = try #require(word["start"] as? Double), end = try #require(word["end"] as? Double)
            #expect(abs(start - reference.start) <= 0.02 + 1e-9 && abs(end - reference.end) <= 0.02 + 1e-9,
                    "\(reference.word): \(start)–\(end) vs \(reference.start)–\(reference.end)")
            let probability = try #require(word["probability"] as? Double)
            #expect(probability > 0 && probability <= 1)
        }
    }

    @Test func srtCuesFollowTheLineLimits() throws {
        let result = try MynaExecutable.run(["transcribe", "--word-timestamps", "--max-line-width", "20",
                                             "--max-line-count", "2", "--format", "srt", Self.jfk])
        #expect(result.exitCode == 0, "\(result.standardError)")
        let cues = result.standardOutput.components(separatedBy: "\n\n").filter { !$0.isEmpty }
        #expect(cues.count >= 3, "\(result.standardOutput)")
        for cue in cues {
            let lines = cue.split(separator: "\n", omittingEmptySubsequences: false)
            let text = lines.dropFirst(2)
            #expect(!text.isEmpty && text.count <= 2, "\(cue)")
            // A line holds one word longer than the limit, or words within it.
            #expect(text.allSatisfy { $0.count <= 20 || !$0.contains(" ") }, "\(cue)")
        }
    }

    @Test(arguments: [["--highlight-words"], ["--max-line-width", "42"], ["--max-line-count", "2"]])
    func layoutOptionsNeedWordTimestamps(option: [String]) throws {
        let result = try MynaExecutable.run(["transcribe", "--format", "srt"] + option + [Self.jfk])
        #expect(result.exitCode == 2, "\(option): \(result.standardError)")
        #expect(result.standardError.contains("\(option[0]) needs --word-timestamps"), "\(result.standardError)")
        #expect(result.standardOutput.isEmpty)
    }
}
