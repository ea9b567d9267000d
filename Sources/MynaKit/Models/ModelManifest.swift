import Foundation
import MynaCore

/// `manifest.json` in the models directory, written by `scripts/fetch_models.py`: per installed model, the wheels it
/// came from and the size and SHA-256 of every file it installed.
public struct ModelManifest: Sendable, Codable {
    /// One installed file, as the installer measured it.
    public struct File: Sendable, Hashable, Codable {
        /// File name inside the model's directory (no path separators).
        public var name: String
        /// Size in bytes.
        public var size: Int64
        /// SHA-256, lowercase hex.
        public var sha256: String

        public init(name: String, size: Int64, sha256: String) {
            self.name = name
            self.size = size
            self.sha256 = sha256
        }
    }

    /// One installed model.
    public struct Entry: Sendable, Hashable, Codable {
        public var name: String
        public var role: String
        public var packages: [ModelPackage]
        public var files: [File]

        public init(name: String, role: String, packages: [ModelPackage], files: [File]) {
            self.name = name
            self.role = role
            self.packages = packages
            self.files = files
        }
    }

    /// The manifest's file name inside the models directory.
    public static let fileName = "manifest.json"

    public var models: [Entry]

    public init(models: [Entry]) {
        self.models = models
    }

    /// Reads and checks the manifest at `url`.
    /// - Throws: `ConfigurationError` naming the file when it cannot be read, is not the expected JSON, or names a
    ///   model or file with a path separator (which would point outside the models directory).
    public static func load(from url: URL) throws -> ModelManifest {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw ConfigurationError(field: url.path, message: "cannot read the model manifest: \(error.localizedDescription)")
        }
        let manifest: ModelManifest
        do {
            manifest = try JSONDecoder().decode(ModelManifest.self, from: data)
        } catch let error as DecodingError {
            throw ConfigurationError(field: url.path, message: "not a valid model manifest: \(describe(error))")
        } catch {
            throw ConfigurationError(field: url.path, message: "not a valid model manifest: \(error)")
        }
        for entry in manifest.models {
            guard isPlainName(entry.name) else {
                throw ConfigurationError(field: url.path, message: "model name \"\(entry.name)\" is not a plain directory name")
            }
            for file in entry.files {
                guard isPlainName(file.name) else {
                    throw ConfigurationError(field: url.path,
                                             message: "\(entry.name): file name \"\(file.name)\" is not a plain file name")
                }
                guard SHA256Digest(hex: file.sha256) != nil else {
                    throw ConfigurationError(field: url.path,
                                             message: "\(entry.name)/\(file.name): sha256 \"\(file.sha256)\" is not 64 hex digits")
                }
                guard file.size >= 0 else {
                    throw ConfigurationError(field: url.path, message: "\(entry.name)/\(file.name): negative size \(file.size)")
                }
            }
        }
        return manifest
    }

    /// A name that stays inside its directory: not empty, not `.` or `..`, no `/`.
    static func isPlainName(_ name: String) -> Bool {
        !name.isEmpty && name != "." && name != ".." && !name.contains("/") && !name.contains("\0")
    }

    static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }
            return keys.isEmpty ? "top level" : keys.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context): return "missing key \"\(key.stringValue)\" at \(path(context))"
        case .typeMismatch(_, let context): return "wrong type at \(path(context)): \(context.debugDescription)"
        case .valueNotFound(_, let context): return "missing value at \(path(context))"
        case .dataCorrupted(let context): return "\(context.debugDescription) at \(path(context))"
        @unknown default: return "\(error)"
        }
    }
}
