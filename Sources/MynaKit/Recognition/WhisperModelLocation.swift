import Foundation
import MynaCore

/// Turns a `--model` value into a CTranslate2 Whisper folder: any folder holding `model.bin`, or the name of an
/// installed model (`whisper-tiny.en`, with `tiny.en` and `base` accepted as short names).
public enum WhisperModelLocation {
    /// The recognizer `myna transcribe` uses when none is named.
    public static let defaultName = "whisper-tiny.en"

    public static func resolve(_ nameOrPath: String, modelsDirectory: ModelsDirectory) throws -> URL {
        let fileManager = FileManager.default
        var isDirectory: ObjCBool = false
        if fileManager.fileExists(atPath: nameOrPath, isDirectory: &isDirectory), isDirectory.boolValue {
            let folder = URL(fileURLWithPath: nameOrPath)
            guard fileManager.fileExists(atPath: folder.appendingPathComponent("model.bin").path) else {
                throw ConfigurationError(field: nameOrPath, message: "not a Whisper model folder: it has no model.bin (a faster-whisper/CTranslate2 folder is expected)")
            }
            return folder
        }
        let installed = installedNames(in: modelsDirectory)
        if let name = installedName(matching: nameOrPath, among: installed) {
            return modelsDirectory.url.appendingPathComponent(name)
        }
        throw ConfigurationError(field: nameOrPath, message: """
            no such Whisper model: give a model folder or an installed name \
            (\(installed.isEmpty ? "none installed in \(modelsDirectory.url.path): run scripts/setup.sh" : installed.joined(separator: ", ")))
            """)
    }

    /// The installed model that `name` means among `installed` (`installedNames(in:)`): the name itself or its short
    /// form (`base` for `whisper-base`, `tiny.en` for `whisper-tiny.en`); nil for none. Compares names only, so a
    /// caller can hand it untrusted text (a server's `model` field): it never makes a path of it.
    public static func installedName(matching name: String, among installed: [String]) -> String? {
        installed.first { $0 == name } ?? installed.first { $0 == "whisper-" + name }
    }

    /// The installed Whisper models: folder names (`whisper-base`, `whisper-tiny.en`) in `modelsDirectory` that hold a
    /// `model.bin`, sorted.
    public static func installedNames(in modelsDirectory: ModelsDirectory) -> [String] {
        let fileManager = FileManager.default
        let names = (try? fileManager.contentsOfDirectory(atPath: modelsDirectory.url.path))?.filter { $0.hasPrefix("whisper-") } ?? []
        return names.filter {
            fileManager.fileExists(atPath: modelsDirectory.url.appendingPathComponent($0).appendingPathComponent("model.bin").path)
        }.sorted()
    }
}
