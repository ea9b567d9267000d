import Foundation
import MynaCore

/// A text file that lines are appended to as they become final (dictation's `--output`): created if missing,
/// never truncated, each line written whole with one `write`.
final class AppendedTextFile {
    private let handle: FileHandle
    let path: String

    /// Fails early, before any long work, when `path` cannot be appended to.
    static func checkWritable(_ path: String) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard !isDirectory.boolValue else {
                throw AudioIOError(.writeFailed, location: path, message: "cannot append to the output file: it is a folder")
            }
            guard FileManager.default.isWritableFile(atPath: path) else {
                throw AudioIOError(.writeFailed, location: path, message: "cannot append to the output file: it is not writable")
            }
            return
        }
        try AtomicTextFile.checkWritable(path)
    }

    init(path: String) throws {
        try Self.checkWritable(path)
        let descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw AudioIOError(.writeFailed, location: path, message: "cannot open the output file (\(String(cString: strerror(errno))))")
        }
        handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        self.path = path
    }

    func append(_ line: String) throws {
        do {
            try handle.write(contentsOf: Data((line + "\n").utf8))
        } catch {
            throw AudioIOError(.writeFailed, location: path, message: "cannot append to the output file (\(error.localizedDescription))")
        }
    }
}
