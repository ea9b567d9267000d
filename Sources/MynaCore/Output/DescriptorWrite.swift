import Foundation

/// `write(2)` until every byte is out: the one loop behind output files, stdout and appended transcripts.
public enum DescriptorWrite {
    /// Writes all of `bytes` to `descriptor`, retrying short writes and interrupted calls.
    /// - Returns: nil once everything is written, else the `errno` of the call that failed (bytes before it may have
    ///   been written).
    public static func all(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32) -> Int32? {
        var offset = 0
        while offset < bytes.count {
            let written = Foundation.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                return errno
            }
            offset += written
        }
        return nil
    }

    /// `all(_:to:)` for `data`.
    public static func all(_ data: Data, to descriptor: Int32) -> Int32? {
        data.withUnsafeBytes { all($0, to: descriptor) }
    }
}
