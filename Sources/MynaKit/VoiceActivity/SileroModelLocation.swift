import Foundation
import MynaCore

/// Turns a `--vad-model` / `--model` value into a Silero VAD weight file: any `.safetensors` or `.onnx` file, a folder
/// holding `silero_vad_16k.safetensors`, or the name of an installed model (`silero-vad-v6`).
public enum SileroModelLocation {
    /// The detector used when none is named.
    public static let defaultName = "silero-vad-v6"
    /// The weights of an installed model folder: silero-vad 6.2.3's `silero_vad_16k.safetensors`.
    public static let weightsFileName = "silero_vad_16k.safetensors"
    /// The same folder's ONNX export, which holds the weights of `load_silero_vad()` (the JIT and ONNX models).
    public static let onnxFileName = "silero_vad_16k_op15.onnx"

    public static func resolve(_ nameOrPath: String, modelsDirectory: ModelsDirectory) throws -> String {
        let fileManager = FileManager.default
        var isDirectory: ObjCBool = false
        if fileManager.fileExists(atPath: nameOrPath, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { return nameOrPath }
            let file = URL(fileURLWithPath: nameOrPath).appendingPathComponent(weightsFileName).path
            guard fileManager.fileExists(atPath: file) else {
                throw ConfigurationError(field: nameOrPath, message: "not a Silero VAD model folder: it has no \(weightsFileName)")
            }
            return file
        }
        let installed = modelsDirectory.url.appendingPathComponent(nameOrPath).appendingPathComponent(weightsFileName).path
        if !nameOrPath.contains("/"), fileManager.fileExists(atPath: installed) { return installed }
        throw ConfigurationError(field: nameOrPath, message: """
            no such Silero VAD model: give a .safetensors or .onnx file, a model folder, or an installed name \
            (\(defaultName) in \(modelsDirectory.url.path)\(fileManager.fileExists(atPath: modelsDirectory.url.path) ? "" : ", which does not exist: run scripts/setup.sh"))
            """)
    }
}
