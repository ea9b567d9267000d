import Foundation
import MynaCore

/// Where the speaker encoder checkpoint and the voice activity detector are: `--encoder PATH` when given, else the
/// installed pinned models (`resemblyzer-ge2e/pretrained.pt`, `silero-vad-v6/silero_vad_16k.safetensors`).
public enum SpeakerModelLocation {
    public static let encoderModelName = "resemblyzer-ge2e"
    public static let encoderFileName = "pretrained.pt"
    public static let detectorModelName = "silero-vad-v6"
    public static let detectorFileName = "silero_vad_16k.safetensors"

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

    /// The Silero VAD weights. - Throws: `ConfigurationError` naming the missing file.
    public static func detectorPath(modelsDirectory: ModelsDirectory) throws -> String {
        try installed(detectorModelName, detectorFileName, in: modelsDirectory)
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
