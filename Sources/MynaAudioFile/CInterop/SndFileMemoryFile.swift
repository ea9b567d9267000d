internal import CSndFile
import Foundation

/// A file held in memory and served to libsndfile through its virtual I/O callbacks: read from (uploads, tests) or
/// written into (`SoundFileEncoder`: it grows as libsndfile writes, and libsndfile may seek back to complete headers).
///
/// Not thread-safe: the bytes and position are shared state; the owning `SndFileHandle` is used under its reader's or
/// encoder's lock.
final class SndFileMemoryFile {
    fileprivate(set) var bytes: Data
    fileprivate var position: Int64 = 0

    /// A file holding `bytes` (empty for a file to be written).
    init(_ bytes: Data = Data()) {
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
            write: { source, count, userData in
                let memory = file(userData)
                guard count > 0, let source else { return 0 }
                // Overwrite from the position, growing the file (zero-filled past its end, as after a seek on disk).
                let start = Int(memory.position), end = start + Int(count)
                if memory.bytes.count < end { memory.bytes.append(Data(count: end - memory.bytes.count)) }
                let base = memory.bytes.startIndex
                memory.bytes.replaceSubrange((base + start)..<(base + end),
                                             with: UnsafeRawBufferPointer(start: source, count: Int(count)))
                memory.position = Int64(end)
                return count
            },
            tell: { userData in file(userData).position }
        )
    }
}

/// The file behind libsndfile's `user_data` (a free function: C callbacks cannot capture context).
private func file(_ userData: UnsafeMutableRawPointer?) -> SndFileMemoryFile {
    Unmanaged<SndFileMemoryFile>.fromOpaque(userData!).takeUnretainedValue()
}
