import Foundation
import MynaCore

/// Where the speaker database lives by default: `$XDG_DATA_HOME/myna/speakers.sqlite`, else
/// `~/.local/share/myna/speakers.sqlite` (the XDG Base Directory default).
public enum SpeakerRegistryLocation {
    public static let fileName = "speakers.sqlite"

    /// The default path for `environment` (empty variables count as unset).
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        UserDataDirectory.url(fileName, environment: environment).path
    }

    /// A database path given explicitly (`--db`) must be in a folder that exists: a missing folder is most likely a
    /// typo, refused (naming the path) rather than created, so a misspelt folder never becomes a second, empty
    /// database. Only the default location is created for the user.
    /// - Throws: `ConfigurationError` on `--db PATH` (`myna speakers …` and `myna serve` take the same option).
    public static func requireExistingFolder(of path: String) throws {
        guard !path.isEmpty else { throw ConfigurationError(field: "--db", message: "the path is empty; name a database file.") }
        let parent = (path as NSString).deletingLastPathComponent
        let folder = parent.isEmpty ? "." : parent
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder) else {
            throw ConfigurationError(field: "--db \(path)", message: "the folder \(folder) does not exist; create it first or choose another path.")
        }
        guard isFolder.boolValue else {
            throw ConfigurationError(field: "--db \(path)", message: "\(folder) is not a folder.")
        }
    }
}
