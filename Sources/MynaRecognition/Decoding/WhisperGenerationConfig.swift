import Foundation
import MynaCore

/// Generation settings shipped with a CTranslate2 Whisper folder (`config.json`): the tokens to suppress always and
/// at the first step, the language token ids and the cross-attention heads that time words.
public struct WhisperGenerationConfig: Sendable, Equatable {
    public var suppressIDs: [Int]
    public var suppressIDsBegin: [Int]
    public var languageIDs: [Int]
    /// `alignment_heads`; nil when the folder has none (word timing then uses `WhisperAlignmentHead.fallback`).
    public var alignmentHeads: [WhisperAlignmentHead]?

    public init(suppressIDs: [Int], suppressIDsBegin: [Int], languageIDs: [Int],
                alignmentHeads: [WhisperAlignmentHead]? = nil) {
        self.suppressIDs = suppressIDs
        self.suppressIDsBegin = suppressIDsBegin
        self.languageIDs = languageIDs
        self.alignmentHeads = alignmentHeads
    }

    /// Reads `config.json` in `directory`.
    public init(modelDirectory directory: URL) throws {
        let url = directory.appendingPathComponent("config.json")
        guard let data = try? Data(contentsOf: url),
              let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw ConfigurationError(field: url.path, message: "cannot read the model's config.json")
        }
        func ids(_ key: String) throws -> [Int] {
            guard let values = root[key] as? [Any] else {
                throw ConfigurationError(field: url.path, message: "has no \(key) list")
            }
            return values.compactMap { ($0 as? NSNumber)?.intValue }
        }
        var heads: [WhisperAlignmentHead]?
        if let pairs = root["alignment_heads"] as? [Any] {
            heads = try pairs.map { pair in
                guard let pair = pair as? [Any], pair.count == 2, let layer = (pair[0] as? NSNumber)?.intValue,
                      let head = (pair[1] as? NSNumber)?.intValue else {
                    throw ConfigurationError(field: url.path, message: "alignment_heads must be a list of [layer, head] pairs")
                }
                return WhisperAlignmentHead(layer: layer, head: head)
            }
        }
        self.init(suppressIDs: try ids("suppress_ids"), suppressIDsBegin: try ids("suppress_ids_begin"),
                  languageIDs: try ids("lang_ids"), alignmentHeads: heads)
    }
}
