import Foundation
import MynaCore

/// Writes text to a temporary file beside the destination and renames it into place, so a failed write leaves
/// nothing behind and readers never see half a file.
enum AtomicTextFile {
    /// Fails early, before any long work, when `path` cannot be created: its folder is missing or not writable,
    /// or it names a folder.
    static func checkWritable(_ path: String) throws {
        let destination = URL(fileURLWithPath: path)
        let folder = destination.deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw AudioIOError(.writeFailed, location: path, message: "cannot write the output file: the folder \(folder) does not exist")
        }
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw AudioIOError(.writeFailed, location: path, message: "cannot write the output file: it is a folder")
        }
        guard FileManager.default.isWritableFile(atPath: folder) else {
            throw AudioIOError(.writeFailed, location: path, message: "cannot write the output file: the folder \(folder) is not writable")
        }
    }

    static func write(_ text: String, to path: String) throws {
        try write(Data(text.utf8), to: path)
    }

    static func write(_ data: Data, to path: String) throws {
        let destination = URL(fileURLWithPath: path)
        let temporary = destination.deletingLastPathComponent()
            .appendingPathComponent(".\(destination.lastPathComponent).partial-\(UUID().uuidString.prefix(8))")
        do {
            try data.write(to: temporary)
            if FileManager.default.fileExists(atPath: destination.path) {
                _ = try FileManager.default.replaceItemAt(destination, withItemAt: temporary)
            } else {
                try FileManager.default.moveItem(at: temporary, to: destination)
            }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw AudioIOError(.writeFailed, location: path, message: "cannot write the output file (\(error.localizedDescription))")
        }
    }
}
