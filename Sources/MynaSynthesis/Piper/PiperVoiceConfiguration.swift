import Foundation
import MynaCore

/// A Piper voice's `.onnx.json`, with the keys Piper spells (`piper/config.py` `PiperConfig.from_dict`).
public struct PiperVoiceConfiguration: Sendable, Decodable {
    public struct Audio: Sendable, Decodable {
        public var sample_rate: Int
    }
    public struct Espeak: Sendable, Decodable {
        public var voice: String
    }
    public struct Inference: Sendable, Decodable {
        public var noise_scale: Float?
        public var length_scale: Float?
        public var noise_w: Float?
    }

    public var audio: Audio
    public var espeak: Espeak?
    public var inference: Inference?
    /// `espeak` for the voices Myna speaks; Piper also has `text` and language-specific phonemizers.
    public var phoneme_type: String?
    public var num_speakers: Int?
    public var speaker_id_map: [String: Int]?
    public var phoneme_id_map: [String: [Int]]

    /// The espeak-ng voice, `en-us` when the file names none (Piper's default).
    public var espeakVoice: String { espeak?.voice ?? "en-us" }
    public var speakerCount: Int { num_speakers ?? 1 }

    /// The voice's synthesis defaults over Piper's.
    public var defaultOptions: VITSSynthesisOptions {
        var options = VITSSynthesisOptions.default
        if let value = inference?.noise_scale { options.noiseScale = value }
        if let value = inference?.length_scale { options.lengthScale = value }
        if let value = inference?.noise_w { options.noiseW = value }
        return options
    }

    /// Reads and checks `url`, throwing `ConfigurationError` naming the file and the problem.
    public static func load(_ url: URL) throws -> PiperVoiceConfiguration {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw ConfigurationError(field: url.path, message: "cannot read the voice's JSON config (\(error.localizedDescription))")
        }
        let configuration: PiperVoiceConfiguration
        do {
            configuration = try JSONDecoder().decode(PiperVoiceConfiguration.self, from: data)
        } catch let error as DecodingError {
            throw ConfigurationError(field: url.path, message: "not a Piper voice config: \(Self.describe(error))")
        } catch {
            throw ConfigurationError(field: url.path, message: "not a Piper voice config: \(error)")
        }
        if let type = configuration.phoneme_type, type != "espeak" {
            throw ConfigurationError(field: url.path, message: """
                phoneme_type '\(type)' is not supported; Myna speaks Piper voices phonemized by espeak-ng
                """)
        }
        for symbol in ["^", "$", "_"] where configuration.phoneme_id_map[symbol]?.isEmpty ?? true {
            throw ConfigurationError(field: url.path, message: "phoneme_id_map has no id for '\(symbol)' (Piper's framing needs ^, _ and $)")
        }
        return configuration
    }

    private static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }
            return keys.isEmpty ? "top level" : keys.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context):
            let parent = path(context)
            return "missing key \"\(key.stringValue)\"\(parent == "top level" ? "" : " in \(parent)")"
        case .typeMismatch(_, let context): return "wrong type at \(path(context))"
        case .valueNotFound(_, let context): return "missing value at \(path(context))"
        case .dataCorrupted(let context): return "\(context.debugDescription) (\(path(context)))"
        @unknown default: return "\(error)"
        }
    }
}
