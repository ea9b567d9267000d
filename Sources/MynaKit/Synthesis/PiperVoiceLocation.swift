import Foundation
import MynaCore

/// Turns a `--voice` value into a Piper voice's `.onnx`: a path to the `.onnx` file, a folder holding one, or the
/// name of an installed voice (`piper-en_US-joe-medium`, with `en_US-joe-medium` and `joe` accepted).
public enum PiperVoiceLocation {
    /// The voice `myna say` uses when none is named.
    public static let defaultName = "piper-en_US-joe-medium"

    public static func resolve(_ nameOrPath: String, modelsDirectory: ModelsDirectory) throws -> String {
        let fileManager = FileManager.default
        var isDirectory: ObjCBool = false
        if fileManager.fileExists(atPath: nameOrPath, isDirectory: &isDirectory) {
            if !isDirectory.boolValue { return nameOrPath }
            let onnx = (try? fileManager.contentsOfDirectory(atPath: nameOrPath))?.filter { $0.hasSuffix(".onnx") }.sorted() ?? []
            guard onnx.count == 1 else {
                throw ConfigurationError(field: nameOrPath, message: onnx.isEmpty
                    ? "not a Piper voice folder: it has no .onnx file"
                    : "holds \(onnx.count) .onnx files; give the one to use")
            }
            return URL(fileURLWithPath: nameOrPath).appendingPathComponent(onnx[0]).path
        }
        let installed = installedVoices(in: modelsDirectory)
        if let onnx = installedVoice(matching: nameOrPath, among: installed) { return onnx }
        let names = installed.map(\.folder)
        throw ConfigurationError(field: nameOrPath, message: """
            no such voice: give a Piper .onnx file or an installed voice \
            (\(names.isEmpty ? "none installed in \(modelsDirectory.url.path): run scripts/setup.sh" : names.joined(separator: ", ")))
            """)
    }

    /// The `.onnx` of the installed voice `name` means among `installed` (`installedVoices(in:)`): its folder
    /// (`piper-en_US-joe-medium`), its file stem with or without `piper-` and `.onnx` (`en_US-joe-medium`) or its
    /// speaker (`joe`); nil for none. Compares names only, so a caller can hand it untrusted text (a server's `voice`).
    public static func installedVoice(matching name: String, among installed: [(folder: String, onnx: String)]) -> String? {
        let wanted = name.hasSuffix(".onnx") ? String(name.dropLast(5)) : name
        for (folder, onnx) in installed {
            let stem = URL(fileURLWithPath: onnx).deletingPathExtension().lastPathComponent  // en_US-joe-medium
            let parts = stem.split(separator: "-").map(String.init)
            if folder == wanted || stem == wanted || "piper-" + wanted == folder || (parts.count == 3 && parts[1] == wanted) {
                return onnx
            }
        }
        return nil
    }

    /// Installed voice folders (`piper-*`) and their `.onnx`.
    public static func installedVoices(in modelsDirectory: ModelsDirectory) -> [(folder: String, onnx: String)] {
        let fileManager = FileManager.default
        let folders = (try? fileManager.contentsOfDirectory(atPath: modelsDirectory.url.path))?.filter { $0.hasPrefix("piper-") }.sorted() ?? []
        return folders.compactMap { folder in
            let url = modelsDirectory.url.appendingPathComponent(folder)
            guard let onnx = (try? fileManager.contentsOfDirectory(atPath: url.path))?.first(where: { $0.hasSuffix(".onnx") }) else { return nil }
            return (folder, url.appendingPathComponent(onnx).path)
        }
    }
}
