import Foundation
import MynaCore

/// Where the models live, and how that was decided.
///
/// Order: an explicit path (`--models-dir`), else `$MYNA_MODELS_DIR`, else `share/myna/models` of the prefix the
/// executable is installed in (`<executable's folder>/../share/myna/models`, where `make install` puts them, when it
/// holds `manifest.json`), else `models/` of the repository the executable was built in (found by walking up from the
/// executable to a directory holding `models/manifest.json`), else `$XDG_DATA_HOME/myna/models`
/// (`~/.local/share/myna/models` when unset). The source tree is never read otherwise: an installed binary must work
/// without it.
///
/// The installed location comes before the walk up because it is one exact path: a binary in `/usr/local/bin` must not
/// pick up some `/usr/local/models` or `/models` on the way to the root.
public struct ModelsDirectory: Sendable, Hashable {
    public enum Source: String, Sendable, Hashable, Codable {
        case option = "--models-dir"
        case environment = "MYNA_MODELS_DIR"
        case installed = "installed with the executable"
        case executable = "next to the executable"
        case userData = "user data directory"
    }

    public var url: URL
    public var source: Source

    public init(url: URL, source: Source) {
        self.url = url
        self.source = source
    }

    /// The environment variable that overrides the search.
    public static let environmentVariable = "MYNA_MODELS_DIR"

    /// Where `make install` puts the models, relative to the installation prefix (`$(PREFIX)/share/myna/models`).
    public static let installedRelativePath = "share/myna/models"

    /// The search order in one line, for help texts.
    public static let searchOrderSummary = """
        --models-dir, else $MYNA_MODELS_DIR, else share/myna/models next to the installed executable's bin/ \
        (where make install puts them), else models/ in the source tree the executable was built in, \
        else $XDG_DATA_HOME/myna/models (~/.local/share/myna/models)
        """

    /// Decides where the models are. Empty strings count as unset.
    /// - Parameters:
    ///   - explicitPath: the `--models-dir` value, if given.
    ///   - environment: the process environment (injected for tests).
    ///   - executablePath: the running executable, symlinks resolved; nil skips the walk up.
    public static func locate(explicitPath: String?,
                              environment: [String: String] = ProcessInfo.processInfo.environment,
                              executablePath: String? = ModelsDirectory.currentExecutablePath) -> ModelsDirectory {
        if let explicitPath, !explicitPath.isEmpty {
            return ModelsDirectory(url: URL(fileURLWithPath: explicitPath).standardizedFileURL, source: .option)
        }
        if let path = environment[environmentVariable], !path.isEmpty {
            return ModelsDirectory(url: URL(fileURLWithPath: path).standardizedFileURL, source: .environment)
        }
        if let executablePath {
            let executable = URL(fileURLWithPath: executablePath)
            if let found = installedLocation(of: executable) {
                return ModelsDirectory(url: found, source: .installed)
            }
            if let found = searchUpward(from: executable) {
                return ModelsDirectory(url: found, source: .executable)
            }
        }
        return ModelsDirectory(url: UserDataDirectory.url("models", environment: environment), source: .userData)
    }

    /// `<executable's folder>/../share/myna/models` when it holds a manifest: the layout of `make install`
    /// (`$(PREFIX)/bin/myna`, `$(PREFIX)/share/myna/models`).
    static func installedLocation(of executable: URL) -> URL? {
        let prefix = executable.deletingLastPathComponent().deletingLastPathComponent()
        let candidate = prefix.appendingPathComponent(installedRelativePath).standardizedFileURL
        let manifest = candidate.appendingPathComponent(ModelManifest.fileName).path
        return FileManager.default.fileExists(atPath: manifest) ? candidate : nil
    }

    /// The first `models/` holding a manifest in the executable's directory or one of its ancestors.
    static func searchUpward(from executable: URL) -> URL? {
        var directory = executable.deletingLastPathComponent().standardizedFileURL
        while true {
            let candidate = directory.appendingPathComponent("models")
            if FileManager.default.fileExists(atPath: candidate.appendingPathComponent(ModelManifest.fileName).path) {
                return candidate
            }
            let parent = directory.deletingLastPathComponent()
            if parent.path == directory.path { return nil }
            directory = parent
        }
    }

    /// The running executable with symlinks resolved (`/proc/self/exe` on Linux), else `argv[0]`.
    public static var currentExecutablePath: String? {
        if let resolved = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            return resolved
        }
        guard let first = CommandLine.arguments.first, !first.isEmpty else { return nil }
        return URL(fileURLWithPath: first).resolvingSymlinksInPath().path
    }
}
