import Foundation
import MynaCore

extension SHA256 {
    /// Bytes read from disk per step when hashing a file (4 MiB: large enough that reading costs little next to
    /// hashing, small enough to report progress several times a second).
    public static let fileChunkByteCount = 4 << 20

    /// The digest of the file at `path`, read sequentially in `fileChunkByteCount` pieces.
    ///
    /// `progress` is called after each piece with the number of bytes hashed so far, on the calling thread.
    /// - Throws: `AudioIOError` (`.notFound`, `.notAFile`, `.unreadable`) naming `path`.
    public static func hash(fileAt path: String, progress: (Int64) -> Void = { _ in }) throws -> SHA256Digest {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw AudioIOError(.notFound, location: path, message: "no such file")
        }
        guard !isDirectory.boolValue else {
            throw AudioIOError(.notAFile, location: path, message: "is a folder, not a file")
        }
        let handle: FileHandle
        do {
            handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
        } catch {
            throw AudioIOError(.unreadable, location: path, message: "cannot open: \(error.localizedDescription)")
        }
        defer { try? handle.close() }

        var hasher = SHA256()
        var hashedByteCount: Int64 = 0
        while true {
            let chunk: Data
            do {
                guard let data = try handle.read(upToCount: fileChunkByteCount), !data.isEmpty else { break }
                chunk = data
            } catch {
                throw AudioIOError(.unreadable, location: path,
                                   message: "read failed after \(hashedByteCount) bytes: \(error.localizedDescription)")
            }
            chunk.withUnsafeBytes { hasher.update($0) }
            hashedByteCount += Int64(chunk.count)
            progress(hashedByteCount)
        }
        return hasher.finalize()
    }
}
