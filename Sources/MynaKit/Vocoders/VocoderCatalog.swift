import Foundation
import MynaCore

/// The vocoders of one `vocoders/` folder, by name.
///
/// The folder is, in order: an explicit path (`--vocoders-dir`), `$MYNA_VOCODERS_DIR`, `share/myna/vocoders` of the
/// installation prefix (`<executable's folder>/../share/myna/vocoders`), `vocoders/` of the checkout the
/// executable was built in (found by walking up from the executable, as `ModelsDirectory` finds `models/`), else
/// `$XDG_DATA_HOME/myna/vocoders` (`~/.local/share/myna/vocoders`).
public struct VocoderCatalog: Sendable {
    /// The vocoder `myna vocode` uses unless told otherwise.
    public static let defaultName = "hifigan-universal"
    /// The environment variable that overrides the search.
    public static let environmentVariable = "MYNA_VOCODERS_DIR"
    /// Where `make install` puts the manifests, relative to the installation prefix.
    public static let installedRelativePath = "share/myna/vocoders"

    public let directory: URL
    /// Sorted by name.
    public let manifests: [VocoderManifest]

    /// Reads every `*.json` in `directory` (README and other files are ignored).
    /// - Throws: `ConfigurationError` when the folder is missing or a manifest is invalid, or two share a name.
    public init(directory: URL) throws {
        self.directory = directory
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch {
            throw ConfigurationError(field: directory.path, message: "no vocoders folder here (give --vocoders-dir or set \(Self.environmentVariable))")
        }
        var manifests: [VocoderManifest] = []
        for name in names.sorted() where name.hasSuffix(".json") {
            let manifest = try VocoderManifest.load(from: directory.appendingPathComponent(name))
            guard !manifests.contains(where: { $0.name == manifest.name }) else {
                throw ConfigurationError(field: directory.appendingPathComponent(name).path,
                                         message: "vocoder \"\(manifest.name)\" is defined twice")
            }
            manifests.append(manifest)
        }
        self.manifests = manifests.sorted { $0.name < $1.name }
    }

    /// The manifest called `name`.
    /// - Throws: `ConfigurationError` listing the names there are.
    public func manifest(named name: String) throws -> VocoderManifest {
        guard let manifest = manifests.first(where: { $0.name == name }) else {
            let known = manifests.map(\.name).joined(separator: ", ")
            throw ConfigurationError(field: "--vocoder", message: """
                no vocoder named "\(name)" in \(directory.path) (known: \(known.isEmpty ? "none" : known))
                """)
        }
        return manifest
    }

    /// Finds the folder (see the type's documentation). Empty strings count as unset.
    public static func locate(explicitPath: String?,
                              environment: [String: String] = ProcessInfo.processInfo.environment,
                              executablePath: String? = ModelsDirectory.currentExecutablePath) -> URL {
        if let explicitPath, !explicitPath.isEmpty { return URL(fileURLWithPath: explicitPath).standardizedFileURL }
        if let path = environment[environmentVariable], !path.isEmpty { return URL(fileURLWithPath: path).standardizedFileURL }
        if let executablePath {
            // Installed by `make install` next to the models: `$(PREFIX)/share/myna/vocoders`.
            let installed = URL(fileURLWithPath: executablePath).deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent(installedRelativePath).standardizedFileURL
            if FileManager.default.fileExists(atPath: installed.appendingPathComponent("\(defaultName).json").path) {
                return installed
            }
            var directory = URL(fileURLWithPath: executablePath).deletingLastPathComponent().standardizedFileURL
            while true {
                let candidate = directory.appendingPathComponent("vocoders")
                let defaultManifest = candidate.appendingPathComponent("\(defaultName).json")
                if FileManager.default.fileExists(atPath: defaultManifest.path) { return candidate }
                let parent = directory.deletingLastPathComponent()
                if parent.path == directory.path { break }
                directory = parent
            }
        }
        return UserDataDirectory.url("vocoders", environment: environment)
    }
}
