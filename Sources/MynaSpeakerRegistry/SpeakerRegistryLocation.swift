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
}
