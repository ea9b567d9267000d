import Foundation

/// Where the models live, and how that was decided.
///
/// Order: an explicit path (`--models-dir`), else `$MYNA_MODELS_DIR`, else `models/` of the repository the executable
/// was built in (found by walking up from the executable to a directory holding `models/manifest.json`), else
/// `$XDG_DATA_HOME/myna/models` (`~/.local/share/myna/models` when unset). The source tree is never read otherwise:
/// an installed binary must work without it.
public struct ModelsDirectory: Sendable, Hashable {
    public enum Source: String, Sendable, Hashable, Codable {
        case option = "--models-dir"
        case environment = "MYNA_MODELS_DIR"
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
        if let executablePath, let found = searchUpward(from: URL(fileURLWithPath: executablePath)) {
            return ModelsDirectory(url: found, source: .executable)
        }
        let dataHome: URL
        if let path = environment["XDG_DATA_HOME"], !path.isEmpty {
            dataHome = URL(fileURLWithPath: path)
        } else {
            let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
            dataHome = URL(fileURLWithPath: home).appendingPathComponent(".local/share")
        }
        return ModelsDirectory(url: dataHome.appendingPathComponent("myna/models").standardizedFileURL, source: .userData)
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
