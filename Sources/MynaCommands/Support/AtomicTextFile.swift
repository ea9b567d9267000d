import Foundation
import MynaCore

/// Writes text to a temporary file beside the destination and renames it into place, so a failed write leaves
/// nothing behind and readers never see half a file.
enum AtomicTextFile {
    static func write(_ text: String, to path: String) throws {
        let destination = URL(fileURLWithPath: path)
        let temporary = destination.deletingLastPathComponent()
            .appendingPathComponent(".\(destination.lastPathComponent).partial-\(UUID().uuidString.prefix(8))")
        do {
            try Data(text.utf8).write(to: temporary)
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
