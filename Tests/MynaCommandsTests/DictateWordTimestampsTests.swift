import Foundation
import MynaTestSupport
import Testing

/// `myna dictate --json --word-timestamps` on a file played as a microphone: each final carries its words, in order,
/// spelling its text, timed near where faster-whisper times them in the whole file (the dev-set word goldens of
/// scripts/goldens/whisper_word_goldens.py); and the option needs --json.
@Suite struct DictateWordTimestampsTests {
    typealias Golden = TranscribeWordTimestampsTests.Golden

    static func key(_ word: String) -> String { word.lowercased().filter { $0.isLetter } }

    @Test func finalsCarryTheirWords() throws {
        let result = try MynaExecutable.run(["dictate", "--input", Fixtures.sample("jfk.flac"), "--fast", "--json", "--word-timestamps"])
        #expect(result.exitCode == 0, "\(result.standardError)")
        let finals = try result.standardOutput.split(separator: "\n").compactMap {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }.filter { $0["type"] as? String == "final" }
        #expect(!finals.isEmpty)
        let url = Fixtures.repositoryRoot.appendingPathComponent("Tests/MynaRecognitionTests/Golden/faster_whisper_words_whisper-tiny.en.json")
        let golden = try JSONDecoder().decode(Golden.self, from: Data(contentsOf: url))
        let reference = try #require(golden.utterances.first { $0.file == "asr/dev/wcpp-jfk.flac" }?.beam5).flatMap(\.words)
        var offsets: [Double] = []
        var previousStart = 0.0
        for final in finals {
            let words = try #require(final["words"] as? [[String: Any]])
            let text = try #require(final["text"] as? String)
            #expect(words.compactMap { $0["word"] as? String }.joined().trimmingCharacters(in: .whitespaces) == text)
            for word in words {
                let start = try #require(word["start"] as? Double), end = try #require(word["end"] as? Double)
                #expect(start >= previousStart && end >= start && end <= 11.0, "\(word)")
                previousStart = start
                let spelled = Self.key(try #require(word["word"] as? String))
                if let nearest = reference.filter({ Self.key($0.word) == spelled }).map({ abs($0.start - start) }).min() {
                    offsets.append(nearest)
                }
            }
        }
        // Each utterance is aligned on its own window, the file's on 30 s windows: close, not equal.
        let close = offsets.filter { $0 <= 0.35 }.count
        print("dictated word starts within 0.35 s of faster-whisper's: \(close) of \(offsets.count); offsets \(offsets.sorted())")
        #expect(offsets.count >= 18 && Double(close) >= 0.8 * Double(offsets.count))
    }

    @Test func wordTimestampsNeedJSON() throws {
        let result = try MynaExecutable.run(["dictate", "--input", Fixtures.sample("jfk.flac"), "--fast", "--word-timestamps"])
        #expect(result.exitCode == 2)
        #expect(result.standardError.contains("--word-timestamps needs --json"), "\(result.standardError)")
    }
}
