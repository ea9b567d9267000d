internal import CSndFile
import Foundation

/// A read-only file held in memory and served to libsndfile through its virtual I/O callbacks (uploads, tests).
///
/// Not thread-safe: the position is shared state; the owning `SndFileHandle` is used under its reader's lock.
final class SndFileMemoryFile {
    fileprivate let bytes: Data
    fileprivate var position: Int64 = 0

    init(_ bytes: Data) {
        self.bytes = bytes
    }

    /// The callbacks; libsndfile copies this struct and passes the file back as `user_data`.
    static var virtualIO: SF_VIRTUAL_IO {
        SF_VIRTUAL_IO(
            get_filelen: { userData in sf_count_t(file(userData).bytes.count) },
            seek: { offset, whence, userData in
                let memory = file(userData)
                let base: Int64
                switch whence {
                case SEEK_CUR: base = memory.position
                case SEEK_END: base = Int64(memory.bytes.count)
                default: base = 0
                }
                let target = base + offset
                // libsndfile treats a negative result as a failed seek.
                guard target >= 0 else { return -1 }
                memory.position = target
                return target
            },
            read: { destination, count, userData in
                let memory = file(userData)
                let available = max(0, Int64(memory.bytes.count) - memory.position)
                let toCopy = Int(min(max(count, 0), available))
                guard toCopy > 0, let destination else { return 0 }
                let start = memory.bytes.startIndex + Int(memory.position)
                memory.bytes.copyBytes(to: destination.assumingMemoryBound(to: UInt8.self),
                                       from: start..<(start + toCopy))
                memory.position += Int64(toCopy)
                return sf_count_t(toCopy)
            },
            write: { _, _, _ in 0 },  // read-only
            tell: { userData in file(userData).position }
        )
    }
}

/// The file behind libsndfile's `user_data` (a free function: C callbacks cannot capture context).
private func file(_ userData: UnsafeMutableRawPointer?) -> SndFileMemoryFile {
    Unmanaged<SndFileMemoryFile>.fromOpaque(userData!).takeUnretainedValue()
}
