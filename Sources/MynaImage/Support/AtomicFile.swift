import Foundation
import MynaCore

/// Writes files so that they appear complete or not at all.
public enum AtomicFile {
    /// Writes `data` to a temporary file beside `path`, then renames it to `path`.
    /// - Throws: `OutputFileError.writeFailed` with the system's reason.
    public static func write(_ data: Data, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent()
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder), isFolder.boolValue else {
            throw OutputFileError(.writeFailed, location: path, message: "cannot write: folder \(folder.path) does not exist")
        }
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
            throw OutputFileError(.writeFailed, location: path, message: "cannot write: it is a folder")
        }
        let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).partial")
        do {
            try data.write(to: temporary)
        } catch {
            throw OutputFileError(.writeFailed, location: path, message: "cannot write: \(Self.reason(error))")
        }
        guard rename(temporary.path, path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw OutputFileError(.writeFailed, location: path, message: "cannot move the finished file into place: \(reason)")
        }
    }

    private static func reason(_ error: Error) -> String {
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        return nsError.localizedDescription
    }
}
