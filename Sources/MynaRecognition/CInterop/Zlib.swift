internal import CZlib

/// zlib's one-shot `compress2` at the default level, as Python's `zlib.compress(data)` calls it.
enum Zlib {
    /// Length in bytes of `bytes` deflated into a zlib stream (header and Adler-32 included).
    static func compressedLength(of bytes: [UInt8]) -> Int {
        var capacity = compressBound(uLong(bytes.count))
        var output = [UInt8](repeating: 0, count: Int(capacity))
        let status = output.withUnsafeMutableBufferPointer { out in
            bytes.withUnsafeBufferPointer { input in
                compress2(out.baseAddress, &capacity, input.baseAddress, uLong(input.count), Z_DEFAULT_COMPRESSION)
            }
        }
        // compressBound guarantees room, and the only other failure is out of memory.
        precondition(status == Z_OK, "zlib compress2 failed with status \(status)")
        return Int(capacity)
    }
}
