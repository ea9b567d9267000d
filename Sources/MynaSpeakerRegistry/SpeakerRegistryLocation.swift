import Foundation

/// Where the speaker database lives by default: `$XDG_DATA_HOME/myna/speakers.sqlite`, else
/// `~/.local/share/myna/speakers.sqlite` (the XDG Base Directory default).
public enum SpeakerRegistryLocation {
    public static let fileName = "speakers.sqlite"

    /// The default path for `environment` (empty variables count as unset).
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        let dataHome: URL
        if let path = environment["XDG_DATA_HOME"], !path.isEmpty {
            dataHome = URL(fileURLWithPath: path)
        } else {
            let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
            dataHome = URL(fileURLWithPath: home).appendingPathComponent(".local/share")
        }
        return dataHome.appendingPathComponent("myna").appendingPathComponent(fileName).standardizedFileURL.path
    }
}
