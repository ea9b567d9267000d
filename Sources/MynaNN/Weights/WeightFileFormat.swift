import MynaCore

/// The weight file formats Myna reads, and opening a file by what it contains.
public enum WeightFileFormat: String, Sendable, CaseIterable {
    case ctranslate2, onnx, pytorchLegacy, safetensors

    /// Opens `path` with the reader for `format`, or for the format its first bytes (then its extension) indicate.
    public static func open(path: String, as format: WeightFileFormat? = nil) throws -> any WeightArchive {
        switch try format ?? detect(path: path) {
        case .ctranslate2: return try CTranslate2ModelReader(path: path)
        case .onnx: return try ONNXModelReader(path: path)
        case .pytorchLegacy: return try PyTorchCheckpointReader(path: path)
        case .safetensors: return try SafetensorsReader(path: path)
        }
    }

    /// The format of the file at `path`, from its signature; ONNX (which has none) by its `.onnx` extension.
    public static func detect(path: String) throws -> WeightFileFormat {
        let file = try MappedFile(path: path)
        switch FileSignature.sniff(file.bytes) {
        case .ctranslate2: return .ctranslate2
        case .pickle, .zip: return .pytorchLegacy
        case .safetensors: return .safetensors
        case .some(let other):
            throw WeightLoadingError(.wrongFormat, location: path, message: "not a weight file: this looks like \(other.rawValue)")
        case nil:
            if path.lowercased().hasSuffix(".onnx") { return .onnx }
            throw WeightLoadingError(.wrongFormat, location: path, message: """
                unrecognised weight file (expected a CTranslate2 model.bin, an .onnx model, a PyTorch legacy \
                checkpoint or a .safetensors file)
                """)
        }
    }
}
