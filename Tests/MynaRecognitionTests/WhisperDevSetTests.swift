import Foundation
import MynaAudioFile
import MynaRecognition
import MynaTestSupport
import Testing

/// Every utterance of shared/data/asr/dev (84, 8.6 min) against faster-whisper 1.2.1 (tiny.en, float32, temperature 0
/// without fallback; scripts/goldens/whisper_dev_goldens.py). Required: with beam 1, token ids equal on at least 97%
/// of utterances and the others within two tokens; with beam 5, transcripts equal on at least 95%.
@Suite struct WhisperDevSetTests {
    struct Golden: Decodable {
        struct Run: Decodable { var tokens: [[Int]]; var text: String }
        struct Utterance: Decodable { var id: String; var file: String; var beam1: Run; var beam5: Run }
        var utterances: [Utterance]
    }

    /// Tokens differing between two sequences: substitutions position by position plus the length difference.
    static func tokenDistance(_ a: [Int], _ b: [Int]) -> Int {
        zip(a, b).filter { $0 != $1 }.count + abs(a.count - b.count)
    }

    @Test(arguments: [1, 5])
    func matchesFasterWhisperOnTheDevSet(beamSize: Int) throws {
        let url = try #require(Bundle.module.url(forResource: "faster_whisper_dev_tiny.en", withExtension: "json", subdirectory: "Golden"))
        let golden = try JSONDecoder().decode(Golden.self, from: Data(contentsOf: url))
        #expect(golden.utterances.count == 84)
        let transcriber = try WhisperTranscriber(model: try WhisperEncoderTests.model("whisper-tiny.en"))
        var options = WhisperDecodingOptions.default
        options.beamSize = beamSize
        options.temperatures = [0]
        var equal = 0
        var differences: [String] = []
        for utterance in golden.utterances {
            let expected = beamSize == 1 ? utterance.beam1 : utterance.beam5
            let audio = try SoundFileReader.readAll(path: Fixtures.shared(utterance.file))
            let transcript = try transcriber.transcribe(audio.samples, options: options)
            let tokens = transcript.segments.flatMap(\.tokens)
            let same = beamSize == 1 ? tokens == expected.tokens.flatMap { $0 } : transcript.text == expected.text
            if same {
                equal += 1
            } else {
                let distance = Self.tokenDistance(tokens, expected.tokens.flatMap { $0 })
                differences.append("\(utterance.id) (\(distance) tokens): \(transcript.text) | \(expected.text)")
                if beamSize == 1 { #expect(distance <= 2, "\(utterance.id) differs in \(distance) tokens") }
            }
        }
        let share = Double(equal) / Double(golden.utterances.count)
        #expect(share >= (beamSize == 1 ? 0.97 : 0.95), "\(equal)/84 equal; differences: \(differences)")
        print("dev set, beam \(beamSize): \(equal)/\(golden.utterances.count) equal to faster-whisper; \(differences)")
    }
}
