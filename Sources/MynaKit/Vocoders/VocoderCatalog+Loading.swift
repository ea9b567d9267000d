import Foundation
import MynaCore
import MynaDSP
import MynaSynthesis

extension VocoderCatalog {
    /// Builds the vocoder `manifest` describes: for HiFi-GAN, checks the weight file's SHA-256 against the manifest
    /// (and that `config.json` gives the manifest's mel settings), then loads it strictly.
    /// - Throws: `ConfigurationError` for a model that is not installed or does not match, `AudioIOError` for an
    ///   unreadable file, `WeightLoadingError` for a checkpoint that does not fit.
    public static func makeVocoder(_ manifest: VocoderManifest, models: ModelsDirectory,
                                   griffinLim: GriffinLimOptions = .default) throws -> any Vocoder {
        switch manifest.architecture {
        case .griffinLim:
            return try GriffinLimVocoder(mel: manifest.mel, options: griffinLim)
        case .hifigan:
            // validate(location:) guarantees these for hifigan manifests.
            let folder = models.url.appendingPathComponent(manifest.model!)
            let weights = folder.appendingPathComponent(manifest.file!)
            let configuration = folder.appendingPathComponent(manifest.configuration!)
            guard FileManager.default.fileExists(atPath: weights.path) else {
                throw ConfigurationError(field: weights.path, message: """
                    \(manifest.name) is not installed (no such file); run scripts/setup.sh, which unpacks \
                    \(manifest.source.map { "\($0.package)==\($0.version)" } ?? manifest.model!) into \(models.url.path)
                    """)
            }
            let digest = try SHA256.hash(fileAt: weights.path)
            guard digest == SHA256Digest(hex: manifest.sha256!) else {
                throw ConfigurationError(field: weights.path, message: """
                    sha256 \(digest.hex) does not match \(manifest.name)'s manifest (\(manifest.sha256!.lowercased())); \
                    the file is damaged or another checkpoint: reinstall it with scripts/setup.sh
                    """)
            }
            let options = try HiFiGANMelExtractor.Options.load(contentsOf: configuration)
            guard MelParameters(options) == manifest.mel else {
                throw ConfigurationError(field: configuration.path, message: """
                    mel settings differ from \(manifest.name)'s manifest (config: \(MelParameters(options)))
                    """)
            }
            return try HiFiGANVocoder(checkpoint: weights, configuration: configuration,
                                      prefix: manifest.tensorPrefix ?? "generator.")
        }
    }
}
