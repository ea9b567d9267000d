import Foundation
import MynaRecognition
import MynaTestSupport
import Testing

/// Golden tests against Hugging Face `tokenizers` (scripts/goldens/whisper_tokenizer_goldens.py) on the real model folders.
@Suite struct WhisperTokenizerTests {
    struct Golden: Decodable {
        struct Encoding: Decodable { var text: String; var ids: [Int] }
        struct Decoding: Decodable { var ids: [Int]; var text: String }
        var model: String
        var vocabularySize: Int
        var specials: [String: Int?]
        var encodings: [Encoding]
        var decodings: [Decoding]
    }

    static func golden(_ model: String) throws -> Golden {
        let url = try #require(Bundle.module.url(forResource: "tokenizer_\(model)", withExtension: "json", subdirectory: "Golden"))
        return try JSONDecoder().decode(Golden.self, from: Data(contentsOf: url))
    }

    static func tokenizer(_ model: String) throws -> WhisperTokenizer {
        let folder = Fixtures.models.appendingPathComponent(model)
        try #require(FileManager.default.fileExists(atPath: folder.path),
                     "\(folder.path) is missing: run scripts/setup.sh (make setup) to fetch the models")
        return try WhisperTokenizer(modelDirectory: folder)
    }

    @Test(arguments: ["whisper-tiny.en", "whisper-base"])
    func encodesLikeTheReference(model: String) throws {
        let golden = try Self.golden(model)
        let tokenizer = try Self.tokenizer(model)
        var mismatches: [String] = []
        for encoding in golden.encodings where tokenizer.encode(encoding.text) != encoding.ids {
            mismatches.append("\(encoding.text.debugDescription): \(tokenizer.encode(encoding.text)) != \(encoding.ids)")
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) of \(golden.encodings.count) differ: \(mismatches.prefix(3))")
        #expect(golden.encodings.count > 100)
    }

    @Test(arguments: ["whisper-tiny.en", "whisper-base"])
    func decodesLikeTheReference(model: String) throws {
        let golden = try Self.golden(model)
        let tokenizer = try Self.tokenizer(model)
        for encoding in golden.encodings where !encoding.ids.contains(where: { $0 >= tokenizer.special.endOfText }) {
            #expect(tokenizer.decode(encoding.ids) == encoding.text)
        }
        // Prefixes that end inside a multi-byte character decode with U+FFFD as the reference does.
        for decoding in golden.decodings {
            #expect(tokenizer.decode(decoding.ids) == decoding.text, "ids \(decoding.ids)")
        }
    }

    @Test(arguments: ["whisper-tiny.en", "whisper-base"])
    func specialTokensMatchTheReference(model: String) throws {
        let golden = try Self.golden(model)
        let tokenizer = try Self.tokenizer(model)
        let special = tokenizer.special
        #expect(golden.specials["<|endoftext|>"] == special.endOfText)
        #expect(golden.specials["<|startoftranscript|>"] == special.startOfTranscript)
        #expect(golden.specials["<|translate|>"] == special.translate)
        #expect(golden.specials["<|transcribe|>"] == special.transcribe)
        #expect(golden.specials["<|startoflm|>"] == special.startOfLM)
        #expect(golden.specials["<|startofprev|>"] == special.startOfPrevious)
        #expect(golden.specials["<|notimestamps|>"] == special.noTimestamps)
        let noSpeech = (golden.specials["<|nospeech|>"] ?? nil) ?? (golden.specials["<|nocaptions|>"] ?? nil)
        #expect(noSpeech == special.noSpeech)
        #expect(special.languageToken("en") == golden.specials["<|en|>"] ?? nil)
        #expect(special.languageToken("de") == golden.specials["<|de|>"] ?? nil)
        #expect(tokenizer.isMultilingual == (model == "whisper-base"))
        // The reference tokenizer.json of tiny.en has no timestamp tokens; the vocabulary does, right after <|notimestamps|>.
        #expect(tokenizer.tokenText(special.timestampBegin) == "<|0.00|>")
        #expect(tokenizer.tokenText(special.timestampBegin + 1500) == "<|30.00|>")
        if let zero = golden.specials["<|0.00|>"] ?? nil { #expect(zero == special.timestampBegin) }
        #expect(special.languages.count == 99)
    }

    @Test func timestampsRenderAsOpenAIWhisperDoes() throws {
        let tokenizer = try Self.tokenizer("whisper-tiny.en")
        let begin = tokenizer.special.timestampBegin
        let tokens = [begin] + tokenizer.encode(" Hello world.") + [begin + 54]
        #expect(tokenizer.decodeWithTimestamps(tokens) == "<|0.00|> Hello world.<|1.08|>")
        #expect(tokenizer.decode(tokens) == " Hello world.")
    }

    @Test func missingFolderIsAClearError() {
        #expect(throws: (any Error).self) { try WhisperTokenizer(modelDirectory: URL(fileURLWithPath: "/nonexistent-model")) }
        do {
            _ = try WhisperTokenizer(modelDirectory: URL(fileURLWithPath: "/nonexistent-model"))
        } catch {
            #expect("\(error)".contains("/nonexistent-model"))
        }
    }
}
