import Foundation
import MynaCore
@testable import MynaSynthesis
import MynaTestSupport
import Testing

/// `LongSentenceSplitter` and its use in `PiperSynthesizer`: long sentences are cut into bounded pieces at clause
/// marks or between words, pieces join back into the sentence, and sentences within the bound are untouched.
@Suite struct LongSentenceSplitterTests {
    /// Phoneme symbols of `text`, one per Unicode scalar, as `EspeakPhonemizer` hands them out.
    static func symbols(_ text: String) -> [String] { text.unicodeScalars.map { String($0) } }

    /// A synthetic sentence of `words` words of 2 to 9 symbols, with `, ` after about one word in `clauseEvery`.
    static func sentence(words: Int, clauseEvery: Int, seed: UInt64) -> [String] {
        var generator = SeededGenerator(seed: seed)
        let letters = symbols("abdefhijklmnoprstuvwzæðŋɐɑɔəɛɜɪʊʌθˈˌː")
        var phonemes: [String] = []
        for word in 0..<words {
            if word > 0 { phonemes += clauseEvery > 0 && Int.random(in: 0..<clauseEvery, using: &generator) == 0 ? [",", " "] : [" "] }
            phonemes += (0..<Int.random(in: 2...9, using: &generator)).map { _ in letters.randomElement(using: &generator)! }
        }
        return phonemes
    }

    /// Checks the contract for one sentence and bound; returns the pieces.
    @discardableResult
    static func checkPieces(_ phonemes: [String], maxPhonemes: Int, sourceLocation: SourceLocation = #_sourceLocation) -> [[String]] {
        let ranges = LongSentenceSplitter.pieces(of: phonemes, maxPhonemes: maxPhonemes)
        let pieces = ranges.map { Array(phonemes[$0]) }
        #expect(pieces.joined().elementsEqual(phonemes), "the pieces joined are the sentence", sourceLocation: sourceLocation)
        #expect(pieces.allSatisfy { !$0.isEmpty && $0.count <= maxPhonemes },
                "piece lengths \(pieces.map(\.count)) within \(maxPhonemes)", sourceLocation: sourceLocation)
        for piece in pieces.dropLast() {
            #expect(piece.last == " ", "a cut inside a word: …\(piece.suffix(12).joined())|", sourceLocation: sourceLocation)
        }
        return pieces
    }

    @Test func shortSentencesAreOnePiece() {
        let phonemes = Self.symbols("həlˈoʊ, wˈɜːld.")
        #expect(LongSentenceSplitter.pieces(of: phonemes, maxPhonemes: phonemes.count) == [0..<phonemes.count])
        #expect(LongSentenceSplitter.pieces(of: phonemes, maxPhonemes: 400) == [0..<phonemes.count])
        #expect(LongSentenceSplitter.pieces(of: [], maxPhonemes: 400) == [0..<0])
    }

    @Test(arguments: [20, 57, 100, 400])
    func randomSentencesAreCutBetweenWordsWithinTheBound(maxPhonemes: Int) {
        for seed in UInt64(0)..<40 {
            let phonemes = Self.sentence(words: 20 + Int(seed) * 37, clauseEvery: seed % 3 == 0 ? 0 : 8, seed: seed)
            let pieces = Self.checkPieces(phonemes, maxPhonemes: maxPhonemes)
            // Cuts aim at an even share (over half the bound) and words are at most 11 symbols apart.
            #expect(pieces.dropLast().allSatisfy { $0.count >= maxPhonemes / 2 - 11 }, "no stubs: \(pieces.map(\.count))")
        }
    }

    @Test func aClauseMarkIsPreferredToAWordBoundary() {
        // 40 words of 4 symbols, a comma before word 29: a 200-phoneme sentence is cut after the comma (146), not
        // at the even share (100), since the comma lies in the second half of the 150-phoneme window.
        var phonemes: [String] = []
        for word in 0..<40 {
            if word > 0 { phonemes += word == 29 ? [",", " "] : [" "] }
            phonemes += ["t", "ˈ", "ɛ", "n"]
        }
        let pieces = Self.checkPieces(phonemes, maxPhonemes: 150)
        #expect(pieces.count == 2)
        #expect(pieces.first?.suffix(2) == [",", " "], "cut after the comma, got …\(pieces[0].suffix(8).joined())|")
    }

    @Test func piecesAreEvenNotAFullPieceAndAStub() throws {
        let phonemes = Self.sentence(words: 90, clauseEvery: 0, seed: 7)
        try #require(phonemes.count > 400 && phonemes.count < 800)
        let pieces = Self.checkPieces(phonemes, maxPhonemes: 400)
        #expect(pieces.count == 2)
        #expect(pieces.allSatisfy { abs($0.count - phonemes.count / 2) <= 10 }, "lengths \(pieces.map(\.count)) of \(phonemes.count)")
    }

    @Test func aWordLongerThanTheBoundIsCutInside() {
        let phonemes = Self.symbols("ɐ ") + Array(repeating: "t", count: 70) + Self.symbols(" ɐ")
        let pieces = LongSentenceSplitter.pieces(of: phonemes, maxPhonemes: 30).map { Array(phonemes[$0]) }
        #expect(pieces.joined().elementsEqual(phonemes))
        #expect(pieces.allSatisfy { !$0.isEmpty && $0.count <= 30 }, "\(pieces.map(\.count))")
        #expect(pieces.count >= 3)
    }

    /// Real espeak-ng phonemes: piper-tts's golden sentences (4 to 349 phonemes) stay whole under the default
    /// bound, and 10,000 characters without punctuation are cut between words.
    @Test func espeakSentences() throws {
        let synthesizer = try PiperSynthesizer(voice: PiperTestVoice.voice())
        let bound = PiperSynthesisOptions.default.maxPhonemesPerPass
        for item in try EspeakPhonemizerTests.piperPhonemes() {
            for sentence in try EspeakPhonemizerTests.phonemizer.phonemize(item.text) {
                #expect(LongSentenceSplitter.pieces(of: sentence.phonemes, maxPhonemes: bound) == [0..<sentence.phonemes.count])
                #expect(synthesizer.pieces(of: [sentence]).map(\.phonemes) == [sentence], "\(sentence.text)")
            }
        }
        let text = UnpunctuatedText.make(characters: 10_000)
        let sentences = try EspeakPhonemizerTests.phonemizer.phonemize(String(text.prefix(TextBlocks.defaultLimit)))
        let longest = try #require(sentences.max { $0.phonemes.count < $1.phonemes.count })
        #expect(longest.phonemes.count > 2 * bound, "the test needs a long sentence")
        Self.checkPieces(longest.phonemes, maxPhonemes: bound)
        let pieces = synthesizer.pieces(of: [longest])
        #expect(pieces.count > 2 && pieces.map(\.endsSentence) == Array(repeating: false, count: pieces.count - 1) + [true])
    }

    /// A long sentence comes out as several chunks with no sentence silence between its pieces, only after it.
    @Test func piecesJoinWithoutSentenceSilence() async throws {
        var options = PiperSynthesisOptions.default
        options.sentenceSilence = 0.5
        options.maxPhonemesPerPass = 40
        options.noiseScale = 0
        options.noiseW = 0
        let synthesizer = try PiperSynthesizer(voice: PiperTestVoice.voice(), options: options)
        let long = "the river carried small boats past quiet villages where people worked in green fields"
        var chunks: [AudioChunk] = []
        for try await chunk in synthesizer.synthesize(long + ". Done.") { chunks.append(chunk) }
        try #require(chunks.count >= 3, "\(chunks.map(\.phonemes))")
        let sentence = try #require(try EspeakPhonemizerTests.phonemizer.phonemize(long + ".").first)
        #expect(chunks.dropLast().map(\.phonemes).joined() == sentence.text)
        #expect(chunks.allSatisfy { $0.phonemes.unicodeScalars.count <= 40 })
        let silence = Int(0.5 * 22050)
        for chunk in chunks.dropLast(2) {
            #expect(chunk.audio.samples.suffix(silence).contains { $0 != 0 }, "no sentence silence inside a sentence")
        }
        #expect(chunks[chunks.count - 2].audio.samples.suffix(silence).allSatisfy { $0 == 0 }, "silence after the sentence")
    }

    @Test func tooSmallABoundIsAClearError() throws {
        var options = PiperSynthesisOptions.default
        options.maxPhonemesPerPass = 5
        #expect(throws: ConfigurationError.self) { try PiperSynthesizer(voice: PiperTestVoice.voice(), options: options) }
    }
}
