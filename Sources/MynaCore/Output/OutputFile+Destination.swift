import Foundation

extension OutputFile {
    /// Where the bytes for a destination go.
    public struct Destination: Sendable, Equatable {
        /// The regular file to create or replace (symbolic links resolved), or the special file to write in place.
        public var regular: String
        /// Set when the destination exists and is not a regular file (a device, a named pipe): it is written in place.
        public var special: String?
        /// A character device (`/dev/null`, a terminal) is opened without truncation.
        public var isCharacterDevice = false

        public init(regular: String, special: String? = nil, isCharacterDevice: Bool = false) {
            self.regular = regular
            self.special = special
            self.isCharacterDevice = isCharacterDevice
        }
    }

    /// Checks, before any long work, that `path` can be written, and says where the bytes will go.
    /// - Throws: `OutputFileError` `.invalidDestination` naming `path` and the problem in the user's terms: no name,
    ///   it is a folder, its folder is missing, is not a folder, or cannot be written.
    @discardableResult
    public static func checkDestination(_ path: String) throws -> Destination {
        func refuse(_ message: String) -> OutputFileError {
            OutputFileError(.invalidDestination, location: path, message: message)
        }
        guard !path.isEmpty else { throw refuse("the output file name is empty") }
        var status = stat()
        if stat(path, &status) == 0 {
            switch status.st_mode & S_IFMT {
            case S_IFDIR:
                throw refuse("is a folder; name a file to write")
            case S_IFREG:
                let resolved = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
                try checkFolder(of: resolved, refuse)
                return Destination(regular: resolved)
            default:
                guard access(path, W_OK) == 0 else { throw refuse("is not writable") }
                return Destination(regular: path, special: path, isCharacterDevice: status.st_mode & S_IFMT == S_IFCHR)
            }
        }
        try checkFolder(of: path, refuse)
        return Destination(regular: path)
    }

    private static func checkFolder(of path: String, _ refuse: (String) -> OutputFileError) throws {
        let parent = (path as NSString).deletingLastPathComponent
        let folder = parent.isEmpty ? "." : parent
        var status = stat()
        guard stat(folder, &status) == 0 else { throw refuse("the folder \(folder) does not exist") }
        guard status.st_mode & S_IFMT == S_IFDIR else { throw refuse("\(folder) is not a folder") }
        // access() is not the whole story for root or read-only mounts; creating the file says the rest.
        guard access(folder, W_OK | X_OK) == 0 else { throw refuse("the folder \(folder) is not writable") }
    }
}
