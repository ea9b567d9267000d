import Foundation
import MynaRecognition
import MynaTestSupport
import Testing

/// The pieces of word alignment against reference vectors from scripts/goldens/whisper_word_goldens.py: the median
/// filter and DTW as openai-whisper and CTranslate2 compute them, the z-score over tokens, and faster-whisper's own
/// `merge_punctuations`.
@Suite struct WordAlignmentSignalTests {
    struct Vectors: Decodable {
        struct Median: Decodable { var input: [[Float]]; var width: Int; var output: [[Float]] }
        struct DTW: Decodable { var input: [[Float]]; var textIndices: [Int]; var timeIndices: [Int] }
        struct Normalize: Decodable { var input: [[[Float]]]; var output: [[[Float]]] }
        struct Merge: Decodable { var words: [String]; var merged: [String]; var tokens: [[Int]] }
        var medianFilter: [Median]
        var dtw: [DTW]
        var normalize: [Normalize]
        var mergePunctuations: [Merge]
        var prepend: String
        var append: String
    }

    static let vectors: Vectors = {
        let url = Bundle.module.url(forResource: "word_alignment_vectors", withExtension: "json", subdirectory: "Golden")!
        return try! JSONDecoder().decode(Vectors.self, from: Data(contentsOf: url))
    }()

    @Test func medianFilterMatchesTheReference() {
        #expect(Self.vectors.medianFilter.count == 4)
        for vector in Self.vectors.medianFilter {
            let rows = vector.input.count, columns = vector.input[0].count
            let output = WordAlignmentSignal.medianFilter(vector.input.flatMap { $0 }, rows: rows, columns: columns,
                                                          width: vector.width)
            #expect(output == vector.output.flatMap { $0 }, "\(rows)×\(columns)")
        }
    }

    @Test func dtwPathMatchesTheReference() {
        #expect(Self.vectors.dtw.count == 4)
        for vector in Self.vectors.dtw {
            let rows = vector.input.count, columns = vector.input[0].count
            let path = WordAlignmentSignal.negativeDTW(vector.input.flatMap { $0 }, rows: rows, columns: columns)
            #expect(path.map(\.row) == vector.textIndices, "\(rows)×\(columns)")
            #expect(path.map(\.column) == vector.timeIndices, "\(rows)×\(columns)")
        }
    }

    @Test func normalizationMatchesTheReference() {
        for vector in Self.vectors.normalize {
            let blocks = vector.input.count, tokens = vector.input[0].count, frames = vector.input[0][0].count
            var values = vector.input.flatMap { $0.flatMap { $0 } }
            WordAlignmentSignal.normalizeOverTokens(&values, blocks: blocks, tokens: tokens, frames: frames)
            assertClose(values, vector.output.flatMap { $0.flatMap { $0 } }, atol: 1e-5, rtol: 1e-5)
        }
    }

    @Test func punctuationMergesAsFasterWhisper() {
        #expect(Self.vectors.prepend == WhisperWordTiming.prependedPunctuation)
        #expect(Self.vectors.append == WhisperWordTiming.appendedPunctuation)
        for vector in Self.vectors.mergePunctuations {
            var alignment = vector.words.enumerated().map {
                WhisperWordTiming(word: $0.element, tokens: [$0.offset], start: 0, end: 0, probability: 1)
            }
            WhisperWordTiming.mergePunctuations(&alignment)
            #expect(alignment.map(\.word) == vector.merged, "\(vector.words)")
            #expect(alignment.map(\.tokens) == vector.tokens, "\(vector.words)")
        }
    }
}
