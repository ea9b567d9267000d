import Foundation

/// A file that appears at its destination complete or not at all: the one writer of every result file Myna makes
/// (text, JSON, NumPy arrays, pictures, and audio through `SoundFileWriter`).
///
/// Bytes go to a hidden temporary file in the destination's folder (`.<name>.partial-<random>`, so the final rename
/// never crosses a file system). `commit()` flushes it to the disk (`fsync`), then `rename(2)` puts it over the
/// destination in one step, replacing a file that was there; readers see the old file or the new one, never a mix,
/// and a failure at any point leaves the old file as it was. Every other ending removes the temporary file: an error,
/// `discard()`, the object released without a commit, the process exiting, and SIGINT, SIGTERM, SIGHUP or SIGPIPE
/// (see `PartialFileCleanup`).
///
/// A destination that is a symbolic link is followed (the link stays, its target is replaced); one that is not a
/// regular file (`/dev/null`, a named pipe, a terminal) is written in place, since it cannot be replaced.
///
/// Thread-safety: calls are serialised by an internal lock.
public final class OutputFile: @unchecked Sendable {
    /// The destination as the user named it (for messages).
    public let path: String
    /// Where the bytes go until `commit()`: the hidden temporary file, or the destination itself when that is not a
    /// regular file. Writers that open the file themselves (libsndfile) open this path.
    public let temporaryPath: String
    /// The file the temporary file is renamed to (the destination with symbolic links resolved), nil when the
    /// destination is written in place.
    private let finalPath: String?

    private let lock = NSLock()
    private var descriptor: Int32
    private var state = State.open
    private var cleanupSlot: Int?

    private enum State { case open, committed, discarded }

    /// Creates the temporary file for `path`.
    /// - Throws: `OutputFileError` `.invalidDestination` when `path` cannot be written at all (see
    ///   `checkDestination`), `.writeFailed` when the temporary file cannot be created.
    public init(path: String) throws {
        self.path = path
        let target = try Self.checkDestination(path)
        if let special = target.special {
            // Written in place: no temporary file, nothing to rename or clean up.
            let descriptor = open(special, O_WRONLY | O_CLOEXEC | (target.isCharacterDevice ? 0 : O_TRUNC))
            guard descriptor >= 0 else { throw Self.failure(.writeFailed, path, "cannot open it for writing") }
            self.descriptor = descriptor
            temporaryPath = special
            finalPath = nil
            return
        }
        let folder = (target.regular as NSString).deletingLastPathComponent
        let name = (target.regular as NSString).lastPathComponent
        var created: (path: String, descriptor: Int32)?
        for _ in 0..<8 where created == nil {
            let random = String(UInt64.random(in: 0...UInt64.max), radix: 36)
            let candidate = (folder.isEmpty ? "." : folder) + "/.\(name).partial-\(random)"
            let descriptor = open(candidate, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
            if descriptor >= 0 { created = (candidate, descriptor) } else if errno != EEXIST { break }
        }
        guard let created else {
            // A folder the user cannot write to (read-only mount, a pseudo file system such as /proc) is their
            // input's problem; anything else (disk full, too many files) is the system's.
            let refused = [EACCES, EPERM, EROFS, ENOENT, ENOTDIR].contains(errno)
            throw Self.failure(refused ? .invalidDestination : .writeFailed, path,
                               "cannot create a file in the folder \(folder.isEmpty ? "." : folder)")
        }
        // A file that is replaced keeps its permissions (the new one would otherwise get 0666 less the umask).
        var existing = stat()
        if stat(target.regular, &existing) == 0 { _ = fchmod(created.descriptor, existing.st_mode & 0o7777) }
        descriptor = created.descriptor
        temporaryPath = created.path
        finalPath = target.regular
        cleanupSlot = PartialFileCleanup.register(created.path)
    }

    deinit {
        if state == .open { discardLocked() }
    }

    /// Appends `data`.
    /// - Throws: `OutputFileError` `.writeFailed` with the system's reason (disk full…); the temporary file is then
    ///   gone and further calls fail.
    public func write(_ data: Data) throws {
        try data.withUnsafeBytes { try write($0) }
    }

    /// Appends `bytes`, retrying short writes and interrupted calls.
    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        lock.lock()
        defer { lock.unlock() }
        try requireOpen()
        if let number = DescriptorWrite.all(bytes, to: descriptor) {
            let error = Self.failure(.writeFailed, path, "cannot write", errno: number)
            discardLocked()
            throw error
        }
    }

    /// Flushes the file to the disk and puts it at the destination.
    /// - Throws: `OutputFileError` `.writeFailed` when flushing or renaming fails; the temporary file is then removed
    ///   and the destination is as it was.
    public func commit() throws {
        lock.lock()
        defer { lock.unlock() }
        try requireOpen()
        // fsync before rename: otherwise a crash soon after can leave an empty file under the final name.
        // Devices and pipes written in place cannot be synced (EINVAL); that is not a failure.
        if fsync(descriptor) != 0 && finalPath != nil {
            let error = Self.failure(.writeFailed, path, "cannot flush it to the disk")
            discardLocked()
            throw error
        }
        guard close(descriptor) == 0 || finalPath == nil else {
            let error = Self.failure(.writeFailed, path, "cannot write")
            descriptor = -1
            discardLocked()
            throw error
        }
        descriptor = -1
        if let finalPath {
            guard rename(temporaryPath, finalPath) == 0 else {
                let error = Self.failure(.writeFailed, path, "cannot move the finished file into place")
                discardLocked()
                throw error
            }
            Self.syncFolder(of: finalPath)
        }
        if let cleanupSlot { PartialFileCleanup.unregister(cleanupSlot) }
        state = .committed
    }

    /// Removes the temporary file; the destination stays as it was. Does nothing after `commit()`.
    public func discard() {
        lock.lock()
        defer { lock.unlock() }
        if state == .open { discardLocked() }
    }

    /// Writes `data` to `path` whole, or not at all.
    public static func write(_ data: Data, to path: String) throws {
        let file = try OutputFile(path: path)
        try file.write(data)
        try file.commit()
    }

    /// Text as UTF-8, whole or not at all.
    public static func write(_ text: String, to path: String) throws {
        try write(Data(text.utf8), to: path)
    }

    private func requireOpen() throws {
        switch state {
        case .open: return
        case .committed: throw OutputFileError(.writeFailed, location: path, message: "the file was already finished")
        case .discarded: throw OutputFileError(.writeFailed, location: path, message: "writing failed earlier; nothing was written")
        }
    }

    /// Caller holds `lock` (or is `deinit`).
    private func discardLocked() {
        if descriptor >= 0 { close(descriptor) }
        descriptor = -1
        if finalPath != nil { unlink(temporaryPath) }
        if let cleanupSlot { PartialFileCleanup.unregister(cleanupSlot) }
        cleanupSlot = nil
        state = .discarded
    }

    /// Makes the rename itself durable (best effort: some file systems refuse to sync a folder).
    private static func syncFolder(of path: String) {
        let folder = (path as NSString).deletingLastPathComponent
        let descriptor = open(folder.isEmpty ? "." : folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        _ = fsync(descriptor)
        close(descriptor)
    }

    /// An error whose message ends with the system's reason for the last failed call (`errno`).
    static func failure(_ code: OutputFileError.Code, _ path: String, _ what: String, errno number: Int32 = errno) -> OutputFileError {
        OutputFileError(code, location: path, message: "\(what): \(String(cString: strerror(number)))")
    }
}
