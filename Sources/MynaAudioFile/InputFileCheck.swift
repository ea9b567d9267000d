import Foundation
import MynaCore

/// Checks an input path before libsndfile sees it, so missing files, directories and empty files get their own words
/// instead of libsndfile's generic "Format not recognised".
public enum InputFileCheck {
    public static func validate(path: String) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw AudioIOError(.notFound, location: path, message: "no such file")
        }
        if isDirectory.boolValue {
            throw AudioIOError(.notAFile, location: path, message: "is a folder, not an audio file")
        }
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw AudioIOError(.unreadable, location: path, message: "permission denied")
        }
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        if attributes?[.type] as? FileAttributeType == .typeRegular, (attributes?[.size] as? NSNumber)?.intValue == 0 {
            throw AudioIOError(.empty, location: path, message: "file is empty (0 bytes)")
        }
    }

    /// Up to `count` bytes of the file from `offset` (fewer at the end; none when unreadable), for header checks.
    static func bytes(path: String, offset: Int, count: Int) -> Data {
        guard let handle = FileHandle(forReadingAtPath: path) else { return Data() }
        defer { try? handle.close() }
        do {
            try handle.seek(toOffset: UInt64(offset))
            return try handle.read(upToCount: count) ?? Data()
        } catch {
            return Data()
        }
    }
}
