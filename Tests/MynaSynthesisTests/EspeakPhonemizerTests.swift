import Foundation
@testable import MynaSynthesis
import MynaCore
import MynaTestSupport
import Testing

/// Debian's espeak-ng through `EspeakPhonemizer`, against Piper's phonemization rules and piper-tts's own phonemes
/// (`piper_phonemes.json`, `piper_waveforms.json`, scripts/goldens/piper_goldens.py).
@Suite struct EspeakPhonemizerTests {
    struct PiperPhonemes: Decodable {
        struct Case: Decodable { var text: String; var sentences: [String] }
        var cases: [Case]
    }

    static let phonemizer = EspeakPhonemizer(voice: "en-us")

    static func piperPhonemes() throws -> [PiperPhonemes.Case] {
        let url = try #require(Bundle.module.url(forResource: "piper_phonemes", withExtension: "json", subdirectory: "Golden"))
        return try JSONDecoder().decode(PiperPhonemes.self, from: Data(contentsOf: url)).cases
    }

    @Test func clausesKeepTheirPunctuationAndSentencesSplit() throws {
        let sentences = try Self.phonemizer.phonemize("Hello, world. How are you? Fine; thanks!").map(\.text)
        #expect(sentences == ["həlˈoʊ, wˈɜːld.", "hˈaʊ ɑːɹ juː?", "fˈaɪn; θˈæŋks!"].map { $0.decomposedStringWithCanonicalMapping })
    }

    @Test func terminatorsFollowPiper() {
        #expect(ClauseTerminator(clauseText: "Hello, ", isLast: false) == .init(mark: ",", endsSentence: false))
        #expect(ClauseTerminator(clauseText: "world. ", isLast: false) == .init(mark: ".", endsSentence: true))
        #expect(ClauseTerminator(clauseText: "what?! ", isLast: false) == .init(mark: "?", endsSentence: true))
        #expect(ClauseTerminator(clauseText: "Wait... ", isLast: false) == .init(mark: "", endsSentence: false))
        #expect(ClauseTerminator(clauseText: "He said \"stop.\" ", isLast: false) == .init(mark: ".", endsSentence: true))
        #expect(ClauseTerminator(clauseText: "hello\n\n", isLast: false) == .init(mark: "", endsSentence: true))
        #expect(ClauseTerminator(clauseText: "the end", isLast: true) == .init(mark: "", endsSentence: true))
    }

    @Test func rawPhonemesAreTakenAsTheyAre() throws {
        let sentences = try Self.phonemizer.phonemize("Say [[hˈɛloʊ]] to me.")
        #expect(sentences.count == 1)
        let text = try #require(sentences.first).text
        #expect(text.hasPrefix("sˈeɪ hˈɛloʊ tə mˌiː") || text.hasPrefix("sˈeɪ hˈɛloʊ tʊ mˌiː") || text.contains(" hˈɛloʊ "),
                "\(text)")
        let only = try Self.phonemizer.phonemize("[[ tˈɛst ]]")
        #expect(only.map(\.phonemes) == [["t", "ˈ", "ɛ", "s", "t"]])
    }

    @Test func idsUsePiperFraming() {
        let map = PhonemeIDMap(["_": [0], "^": [1], "$": [2], "a": [14], "b": [15]])
        var missing: [String] = []
        #expect(map.encode(["a", "x", "b", "x"], missing: &missing) == [1, 0, 14, 0, 15, 0, 2])
        #expect(missing == ["x"])
    }

    @Test func unknownVoiceIsAClearError() {
        #expect(throws: ConfigurationError.self) { try EspeakPhonemizer(voice: "no-such-voice").phonemize("hello") }
    }

    /// How often Debian's espeak-ng 1.51 phonemizes a text differently from piper-tts's bundled fork (reported, and
    /// bounded so that a broken phonemizer fails), and that equal phonemes give piper-tts's ids exactly.
    @Test func debianEspeakAgainstPiperTts() throws {
        let cases = try Self.piperPhonemes()
        var differing = 0, sentenceCountDiffers = 0, symbols = 0, symbolDifferences = 0
        var examples: [String] = []
        for item in cases {
            let ours = try Self.phonemizer.phonemize(item.text).map(\.text)
            let theirs = item.sentences.map { $0.decomposedStringWithCanonicalMapping }
            if ours.count != theirs.count { sentenceCountDiffers += 1 }
            let a = Array(ours.joined(separator: "|").unicodeScalars), b = Array(theirs.joined(separator: "|").unicodeScalars)
            symbols += b.count
            symbolDifferences += editDistance(a, b)
            if ours != theirs {
                differing += 1
                if examples.count < 8 { examples.append("\(item.text.prefix(40)) → \(ours.joined(separator: "|").prefix(60)) vs \(theirs.joined(separator: "|").prefix(60))") }
            }
        }
        let rate = Double(differing) / Double(cases.count)
        let symbolRate = Double(symbolDifferences) / Double(symbols)
        print("espeak-ng Debian 1.51 vs piper-tts: \(differing)/\(cases.count) texts differ (\(String(format: "%.1f", 100 * rate)) %), "
              + "sentence count differs in \(sentenceCountDiffers), symbol edit rate \(String(format: "%.2f", 100 * symbolRate)) %")
        for example in examples { print("  \(example)") }
        #expect(cases.count >= 100)
        #expect(sentenceCountDiffers == 0)
        #expect(symbolRate < 0.03, "phoneme symbols differ from piper-tts's by more than 3 %")

        let waveforms = GoldenTensorFile(named: "piper_waveforms", in: .module)
        let map = PhonemeIDMap(try PiperVoiceConfiguration.load(PiperTestVoice.directory.appendingPathComponent("en_US-joe-medium.onnx.json")).phoneme_id_map)
        var equalTexts = 0
        for (index, item) in cases.prefix(waveforms.index.cases.count).enumerated() {
            let ours = try Self.phonemizer.phonemize(item.text)
            guard ours.map(\.text) == item.sentences.map({ $0.decomposedStringWithCanonicalMapping }), let first = ours.first else { continue }
            var missing: [String] = []
            #expect(map.encode(first.phonemes, missing: &missing) == (try waveforms.ints(String(format: "s%02d", index), "ids")))
            equalTexts += 1
        }
        #expect(equalTexts >= 4, "too few exactness sentences phonemize as piper-tts does to check the ids")
    }

    func editDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count), current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
