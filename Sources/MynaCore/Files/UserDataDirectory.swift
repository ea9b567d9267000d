import Foundation

/// Myna's per-user data folder, where models, vocoders and the speaker registry live unless told otherwise:
/// `$XDG_DATA_HOME/myna`, else `~/.local/share/myna` (the XDG Base Directory default). Empty variables count as unset.
public enum UserDataDirectory {
    /// The folder for `environment`, or an item inside it when `item` is given (`"models"`, `"speakers.sqlite"`).
    public static func url(_ item: String? = nil,
                           environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        let dataHome: URL
        if let path = environment["XDG_DATA_HOME"], !path.isEmpty {
            dataHome = URL(fileURLWithPath: path)
        } else {
            let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
            dataHome = URL(fileURLWithPath: home).appendingPathComponent(".local/share")
        }
        var folder = dataHome.appendingPathComponent("myna")
        if let item { folder = folder.appendingPathComponent(item) }
        return folder.standardizedFileURL
    }
}
