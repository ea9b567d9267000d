import Foundation
import MynaCore

/// Generation settings shipped with a CTranslate2 Whisper folder (`config.json`): the tokens to suppress always and
/// at the first step, and the language token ids.
public struct WhisperGenerationConfig: Sendable, Equatable {
    public var suppressIDs: [Int]
    public var suppressIDsBegin: [Int]
    public var languageIDs: [Int]

    public init(suppressIDs: [Int], suppressIDsBegin: [Int], languageIDs: [Int]) {
        self.suppressIDs = suppressIDs
        self.suppressIDsBegin = suppressIDsBegin
        self.languageIDs = languageIDs
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
        self.init(suppressIDs: try ids("suppress_ids"), suppressIDsBegin: try ids("suppress_ids_begin"),
                  languageIDs: try ids("lang_ids"))
    }
}
