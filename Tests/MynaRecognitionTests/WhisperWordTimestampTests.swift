import Foundation
import MynaAudioFile
import MynaCore
import MynaRecognition
import MynaTestSupport
import Testing

/// Word timestamps on every utterance of shared/data/asr/dev against faster-whisper 1.2.1 with `word_timestamps=True`
/// (float32, temperature 0 without fallback; scripts/goldens/whisper_word_goldens.py). Required (issue 18): where the
/// tokens are equal, the words are equal word for word and their start and end agree within 0.02 s on at least 98 %
/// of the words; everywhere, starts never decrease and every word lies inside its segment.
@Suite struct WhisperWordTimestampTests {
    struct Golden: Decodable {
        struct Word: Decodable { var word: String; var start: Double; var end: Double; var probability: Double }
        struct Segment: Decodable { var tokens: [Int]; var start: Double; var end: Double; var text: String; var words: [Word] }
        struct Utterance: Decodable {
            var id: String
            var file: String
            var beam1: [Segment]?
            var beam5: [Segment]?
        }
        var model: String
        var utterances: [Utterance]
    }

    static func golden(_ model: String) throws -> Golden {
        let url = try #require(Bundle.module.url(forResource: "faster_whisper_words_\(model)", withExtension: "json",
                                                 subdirectory: "Golden"))
        return try JSONDecoder().decode(Golden.self, from: Data(contentsOf: url))
    }

    /// Start and end differences in seconds of the words of utterances whose tokens equal faster-whisper's.
    struct Tally {
        var differences: [Double] = []
        var utterances = 0
        var equalUtterances = 0
        var wordMismatches: [String] = []
        var invariantFailures: [String] = []

        var withinTolerance: Double {
            Double(differences.filter { $0 <= 0.02 + 1e-9 }.count) / Double(max(differences.count, 1))
        }

        /// Share of differences at most 0, 0.02, 0.04, 0.1 s and the largest.
        var distribution: String {
            let n = Double(max(differences.count, 1))
            let shares = [0.0, 0.02, 0.04, 0.1].map { limit in
                String(format: "≤%.2f s: %.1f%%", limit, 100 * Double(differences.filter { $0 <= limit + 1e-9 }.count) / n)
            }
            return "\(differences.count) times; " + shares.joined(separator: ", ")
                + String(format: "; max %.2f s", differences.max() ?? 0)
        }
    }

    static func check(model: String, beamSize: Int) throws -> Tally {
        let golden = try golden(model)
        let transcriber = try WhisperTranscriber(model: try WhisperEncoderTests.model(model))
        var options = WhisperDecodingOptions.default
        options.beamSize = beamSize
        options.temperatures = [0]
        options.wordTimestamps = true
        options.language = "en"
        var tally = Tally()
        for utterance in golden.utterances {
            guard let expected = beamSize == 1 ? utterance.beam1 : utterance.beam5 else { continue }
            tally.utterances += 1
            let audio = try SoundFileReader.readAll(path: Fixtures.shared(utterance.file))
            let transcript = try transcriber.transcribe(audio.samples, options: options)
            tally.invariantFailures += invariantFailures(transcript, id: utterance.id)
            guard transcript.segments.map(\.tokens) == expected.map(\.tokens) else { continue }
            tally.equalUtterances += 1
            let words = transcript.segments.flatMap { $0.words ?? [] }
            let expectedWords = expected.flatMap(\.words)
            guard words.map(\.word) == expectedWords.map(\.word) else {
                tally.wordMismatches.append("\(utterance.id): \(words.map(\.word)) | \(expectedWords.map(\.word))")
                continue
            }
            for (word, reference) in zip(words, expectedWords) {
                tally.differences += [abs(word.start - reference.start), abs(word.end - reference.end)]
                #expect(abs(word.probability - reference.probability) < 0.01,
                        "\(utterance.id) '\(word.word)': probability \(word.probability) vs \(reference.probability)")
            }
        }
        return tally
    }

    /// Starts never decrease over the transcript, and every word lies inside its segment.
    static func invariantFailures(_ transcript: Transcript, id: String) -> [String] {
        var failures: [String] = []
        var previousStart = -Double.infinity
        for segment in transcript.segments {
            for word in segment.words ?? [] {
                if word.start < previousStart { failures.append("\(id) '\(word.word)' starts at \(word.start) < \(previousStart)") }
                if word.start < segment.start || word.end > segment.end || word.start > word.end {
                    failures.append("\(id) '\(word.word)' \(word.start)–\(word.end) outside \(segment.start)–\(segment.end)")
                }
                previousStart = word.start
            }
        }
        return failures
    }

    @Test(arguments: [1, 5])
    func tinyMatchesFasterWhisper(beamSize: Int) throws {
        let tally = try Self.check(model: "whisper-tiny.en", beamSize: beamSize)
        print("word timestamps, tiny.en beam \(beamSize): \(tally.equalUtterances)/\(tally.utterances) utterances with "
              + "equal tokens; " + tally.distribution)
        #expect(tally.utterances == 84)
        Self.expectAccurate(tally)
    }

    /// base (multilingual, language given as English), beam 5, on the first 30 utterances (the golden script's
    /// `--only whisper-base --limit 30`; base is slow to run through faster-whisper on this machine).
    @Test func baseMatchesFasterWhisper() throws {
        let tally = try Self.check(model: "whisper-base", beamSize: 5)
        print("word timestamps, base beam 5: \(tally.equalUtterances)/\(tally.utterances) utterances with equal tokens; "
              + tally.distribution)
        #expect(tally.utterances == 30)
        Self.expectAccurate(tally)
    }

    static func expectAccurate(_ tally: Tally, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(Double(tally.equalUtterances) >= 0.9 * Double(tally.utterances), sourceLocation: sourceLocation)
        #expect(tally.wordMismatches.isEmpty, "\(tally.wordMismatches)", sourceLocation: sourceLocation)
        #expect(tally.withinTolerance >= 0.98, "\(tally.distribution)", sourceLocation: sourceLocation)
        #expect(tally.invariantFailures.isEmpty, "\(tally.invariantFailures)", sourceLocation: sourceLocation)
    }
}
