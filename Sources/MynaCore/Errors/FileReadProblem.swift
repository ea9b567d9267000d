import Foundation

/// Why a file the user named could not be read, in their terms ("is a folder, not a text file", "no such file",
/// "permission denied") rather than Foundation's `The operation could not be completed. (NSCocoaErrorDomain error 256.)`.
public enum FileReadProblem {
    /// The reason `path` could not be read, for a message that already names the file: `error` is what the read threw,
    /// `expected` what the file should have been (for example "a text file").
    public static func describe(_ error: Error, path: String, expected: String) -> String {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return "no such file" }
        if isDirectory.boolValue { return "is a folder, not \(expected)" }
        if !FileManager.default.isReadableFile(atPath: path) { return "permission denied" }
        if let posix = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError, posix.domain == NSPOSIXErrorDomain,
           let message = strerror(Int32(posix.code)) {
            return "cannot read it: \(String(cString: message))"
        }
        if (error as NSError).domain == NSCocoaErrorDomain {
            return "cannot read it as \(expected)"
        }
        return "cannot read it: \(error.localizedDescription)"
    }
}
