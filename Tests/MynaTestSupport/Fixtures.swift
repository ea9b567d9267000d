import Foundation

/// Where tests find the repository, the shared real-speech data, installed models and the built `myna` executable.
public enum Fixtures {
    /// The repository root (this file is Tests/MynaTestSupport/Fixtures.swift).
    public static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `audio-samples/` in the repository.
    public static let audioSamples = repositoryRoot.appendingPathComponent("audio-samples")

    /// `../shared/data` beside the clone (CI and development machines have it); `MYNA_SHARED_DATA` overrides.
    public static let sharedData: URL = {
        if let path = ProcessInfo.processInfo.environment["MYNA_SHARED_DATA"] { return URL(fileURLWithPath: path) }
        return repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/data")
    }()

    /// `models/` as installed by `scripts/setup.sh`; `MYNA_MODELS_DIR` overrides.
    public static let models: URL = {
        if let path = ProcessInfo.processInfo.environment["MYNA_MODELS_DIR"] { return URL(fileURLWithPath: path) }
        return repositoryRoot.appendingPathComponent("models")
    }()

    /// A file under `audio-samples/`.
    public static func sample(_ name: String) -> String { audioSamples.appendingPathComponent(name).path }

    /// A file under `../shared/data`.
    public static func shared(_ relativePath: String) -> String { sharedData.appendingPathComponent(relativePath).path }

    /// A fresh temporary directory, removed by the caller with `removeTemporaryDirectory`.
    public static func makeTemporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("myna-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
