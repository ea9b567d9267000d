import Foundation
import MynaKit

/// A text file that lines are appended to as they become final (dictation's `--output`): created if missing,
/// never truncated, each line written whole with one `write`.
final class AppendedTextFile {
    private let descriptor: Int32
    let path: String

    /// Fails early, before any long work, when `path` cannot be appended to.
    static func checkWritable(_ path: String) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard !isDirectory.boolValue else {
                throw OutputFileError(.invalidDestination, location: path, message: "is a folder; name a file to append to")
            }
            guard FileManager.default.isWritableFile(atPath: path) else {
                throw OutputFileError(.invalidDestination, location: path, message: "cannot append to it: it is not writable")
            }
            return
        }
        try OutputFile.checkDestination(path)
    }

    init(path: String) throws {
        try Self.checkWritable(path)
        let descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw OutputFileError(.invalidDestination, location: path, message: "cannot open it for appending: \(String(cString: strerror(errno)))")
        }
        self.descriptor = descriptor
        self.path = path
    }

    deinit { close(descriptor) }

    /// Appends `line` and a newline with one `write` (retried if short).
    func append(_ line: String) throws {
        if let number = DescriptorWrite.all(Data((line + "\n").utf8), to: descriptor) {
            throw OutputFileError(.writeFailed, location: path, message: "cannot append to it: \(String(cString: strerror(number)))")
        }
    }
}
