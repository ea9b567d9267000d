import Foundation
import MynaCore

/// Whisper's byte-level BPE tokenizer, read from a CTranslate2/faster-whisper model folder
/// (`vocabulary.txt` or `vocabulary.json` for ids, `tokenizer.json` for the merges).
///
/// Immutable and `Sendable`: one tokenizer serves every session.
public struct WhisperTokenizer: TextTokenizer {
    /// Token text by id, in the byte-level alphabet (specials and timestamps as `<|…|>`).
    public let vocabulary: [String]
    public let special: WhisperSpecialTokens
    /// Multilingual vocabularies have 51865 or more entries (openai-whisper's `is_multilingual = n_vocab >= 51865`).
    public var isMultilingual: Bool { vocabulary.count >= 51865 }

    private let ids: [String: Int]
    private let encoder: BytePairEncoder

    /// Reads the tokenizer of the model folder at `directory`.
    public init(modelDirectory directory: URL) throws {
        let vocabulary = try Self.readVocabulary(in: directory)
        let tokenizerURL = directory.appendingPathComponent("tokenizer.json")
        guard let data = try? Data(contentsOf: tokenizerURL) else {
            throw ConfigurationError(field: tokenizerURL.path, message: "cannot read the tokenizer (tokenizer.json)")
        }
        try self.init(vocabulary: vocabulary, merges: Self.readMerges(from: data, path: tokenizerURL.path),
                      source: directory.path)
    }

    /// A tokenizer from its parts: `vocabulary[id]` is a token's text, `merges` the BPE merges in priority order.
    public init(vocabulary: [String], merges: [(String, String)], source: String = "tokenizer") throws {
        var ids: [String: Int] = [:]
        ids.reserveCapacity(vocabulary.count)
        for (id, token) in vocabulary.enumerated() where ids[token] == nil { ids[token] = id }
        func required(_ names: String...) throws -> Int {
            for name in names { if let id = ids[name] { return id } }
            throw ConfigurationError(field: source, message: "the vocabulary has no \(names[0]) token")
        }
        let noTimestamps = try required("<|notimestamps|>")
        let startOfTranscript = try required("<|startoftranscript|>")
        let translate = try required("<|translate|>")
        var languages: [(code: String, id: Int)] = []
        if startOfTranscript + 1 < translate {
            for id in (startOfTranscript + 1)..<translate {
                let token = vocabulary[id]
                guard token.hasPrefix("<|"), token.hasSuffix("|>") else { continue }
                languages.append((String(token.dropFirst(2).dropLast(2)), id))
            }
        }
        self.special = WhisperSpecialTokens(
            endOfText: try required("<|endoftext|>"), startOfTranscript: startOfTranscript, translate: translate,
            transcribe: try required("<|transcribe|>"), startOfLM: try required("<|startoflm|>"),
            startOfPrevious: try required("<|startofprev|>"), noSpeech: try required("<|nospeech|>", "<|nocaptions|>"),
            noTimestamps: noTimestamps, timestampBegin: noTimestamps + 1, languages: languages)
        self.vocabulary = vocabulary
        self.ids = ids
        self.encoder = BytePairEncoder(merges: merges)
    }

    // MARK: Encoding

    /// Token ids for `text`. Special-token text such as `<|endoftext|>` inside `text` becomes that token,
    /// as Hugging Face tokenizers do with added tokens.
    public func encode(_ text: String) -> [Int] {
        var tokens: [Int] = []
        var rest = Substring(text)
        while let open = rest.range(of: "<|") {
            if let close = rest[open.upperBound...].range(of: "|>"),
               let id = ids[String(rest[open.lowerBound..<close.upperBound])], id >= special.endOfText {
                encodeOrdinary(rest[..<open.lowerBound], into: &tokens)
                tokens.append(id)
                rest = rest[close.upperBound...]
            } else {
                encodeOrdinary(rest[..<open.upperBound], into: &tokens)
                rest = rest[open.upperBound...]
            }
        }
        encodeOrdinary(rest, into: &tokens)
        return tokens
    }

    private func encodeOrdinary(_ text: Substring, into tokens: inout [Int]) {
        guard !text.isEmpty else { return }
        for piece in ByteLevelPreTokenizer.pieces(of: String(text)) {
            for symbol in encoder.encode(ByteLevelAlphabet.encode(piece.utf8)) {
                // Every single byte is in the vocabulary, so a symbol is always found; guard anyway.
                if let id = ids[symbol] { tokens.append(id) }
            }
        }
    }

    // MARK: Decoding

    /// The text of the ordinary tokens in `tokens` (ids below `<|endoftext|>`); invalid UTF-8 becomes U+FFFD.
    public func decode(_ tokens: [Int]) -> String {
        String(decoding: bytes(of: tokens.filter { $0 < special.endOfText }), as: UTF8.self)
    }

    /// The raw bytes ordinary tokens stand for (for joining text across token boundaries, as streaming output must).
    public func bytes(of tokens: [Int]) -> [UInt8] {
        var bytes: [UInt8] = []
        for token in tokens where token >= 0 && token < vocabulary.count {
            for scalar in vocabulary[token].unicodeScalars {
                if let byte = ByteLevelAlphabet.bytes[scalar] { bytes.append(byte) }
            }
        }
        return bytes
    }

    /// Text with timestamp tokens shown as `<|1.08|>`, as openai-whisper's `decode_with_timestamps`.
    public func decodeWithTimestamps(_ tokens: [Int]) -> String {
        var output = ""
        var pending: [Int] = []
        for token in tokens {
            if special.isTimestamp(token) {
                output += decode(pending)
                pending.removeAll()
                output += "<|" + String(format: "%.2f", special.seconds(ofTimestamp: token)) + "|>"
            } else {
                pending.append(token)
            }
        }
        return output + decode(pending)
    }

    /// The vocabulary text of one token (special tokens as `<|…|>`), for diagnostics.
    public func tokenText(_ token: Int) -> String {
        token >= 0 && token < vocabulary.count ? vocabulary[token] : "<|invalid:\(token)|>"
    }

    // MARK: Reading the files

    private static func readVocabulary(in directory: URL) throws -> [String] {
        let text = directory.appendingPathComponent("vocabulary.txt")
        let json = directory.appendingPathComponent("vocabulary.json")
        if let data = try? Data(contentsOf: text) {
            // One token per line; split on the byte 0x0A only (token text never holds a raw newline).
            var lines = data.split(separator: 0x0A, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
            if lines.last == "" { lines.removeLast() }
            return lines
        }
        if let data = try? Data(contentsOf: json) {
            guard let tokens = try? JSONSerialization.jsonObject(with: data) as? [String] else {
                throw ConfigurationError(field: json.path, message: "not a JSON array of token strings")
            }
            return tokens
        }
        throw ConfigurationError(field: directory.path, message: "no vocabulary.txt or vocabulary.json in the model folder")
    }

    /// `model.merges` of a Hugging Face tokenizer.json. Decoded with `JSONDecoder`, which materialises only the keys
    /// asked for: `JSONSerialization` built every object of the 2 MB file (the 50 000-entry vocabulary included) and
    /// was the largest part of opening a model.
    private static func readMerges(from data: Data, path: String) throws -> [(String, String)] {
        do {
            return try JSONDecoder().decode(TokenizerFile.self, from: data).model.merges.map { ($0.left, $0.right) }
        } catch let error as DecodingError {
            if case .dataCorrupted(let context) = error, !context.codingPath.isEmpty {
                throw ConfigurationError(field: path, message: "malformed merge at \(context.codingPath.map(\.stringValue).joined(separator: "."))")
            }
            throw ConfigurationError(field: path, message: "not a Hugging Face tokenizer.json with model.merges")
        }
    }

    /// The part of tokenizer.json the tokenizer reads.
    private struct TokenizerFile: Decodable {
        struct Model: Decodable { let merges: [Merge] }
        /// Older files spell a merge "left right", newer ones ["left", "right"].
        struct Merge: Decodable {
            let left: String, right: String
            init(from decoder: Decoder) throws {
                let container = try decoder.singleValueContainer()
                if let pair = try? container.decode(String.self), let space = pair.firstIndex(of: " ") {
                    (left, right) = (String(pair[..<space]), String(pair[pair.index(after: space)...]))
                } else if let pair = try? container.decode([String].self), pair.count == 2 {
                    (left, right) = (pair[0], pair[1])
                } else {
                    throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a merge")
                }
            }
        }
        let model: Model
    }
}
