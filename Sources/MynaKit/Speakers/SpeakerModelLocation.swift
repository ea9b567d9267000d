import Foundation
import MynaCore

/// Where the speaker encoder checkpoint is: `--encoder PATH` when given, else the installed pinned model
/// (`resemblyzer-ge2e/pretrained.pt`). The voice detector is found by `SileroModelLocation`.
public enum SpeakerModelLocation {
    public static let encoderModelName = "resemblyzer-ge2e"
    public static let encoderFileName = "pretrained.pt"

    /// The encoder checkpoint. - Throws: `ConfigurationError` naming the missing file and how to get it.
    public static func encoderPath(explicitPath: String?, modelsDirectory: ModelsDirectory) throws -> String {
        if let explicitPath, !explicitPath.isEmpty {
            guard FileManager.default.fileExists(atPath: explicitPath) else {
                throw ConfigurationError(field: explicitPath, message: "no such encoder checkpoint (from --encoder)")
            }
            return explicitPath
        }
        return try installed(encoderModelName, encoderFileName, in: modelsDirectory)
    }

    static func installed(_ model: String, _ file: String, in directory: ModelsDirectory) throws -> String {
        let path = directory.url.appendingPathComponent(model).appendingPathComponent(file).path
        guard FileManager.default.fileExists(atPath: path) else {
            throw ConfigurationError(field: path, message: """
                model \(model) is not installed (models directory from \(directory.source.rawValue)); run \
                scripts/setup.sh in a Myna checkout, or give --models-dir
                """)
        }
        return path
    }
}
