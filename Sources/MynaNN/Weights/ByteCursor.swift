import MynaCore

/// A bounds-checked little-endian reader over a mapped file, used by every weight-file parser.
///
/// Every read checks its length against `end` first and throws `WeightLoadingError.truncated` naming what was being
/// read and where, so no parser can read past the mapping. Loads are unaligned (`loadUnaligned`) because formats such
/// as CTranslate2 pack fields at odd offsets. The cursor does not own the memory: the `MappedFile` must outlive it.
struct ByteCursor {
    let bytes: UnsafeRawBufferPointer
    /// The absolute offset of the next byte to read.
    var offset: Int
    /// One past the last readable byte (absolute); at most `bytes.count`.
    let end: Int
    /// The file path for error messages.
    let location: String

    init(bytes: UnsafeRawBufferPointer, location: String, offset: Int = 0, end: Int? = nil) {
        self.bytes = bytes
        self.location = location
        self.offset = offset
        self.end = min(end ?? bytes.count, bytes.count)
    }

    var remaining: Int { end - offset }
    var isAtEnd: Bool { offset >= end }

    /// Throws unless `count` more bytes are available; `what` names the field for the message.
    func require(_ count: Int, _ what: @autoclosure () -> String) throws {
        if count < 0 || count > end - offset {
            throw WeightLoadingError(.truncated, location: location, message: """
                file ends while reading \(what()): needs \(count) byte\(count == 1 ? "" : "s") at offset \(offset), \
                only \(max(0, end - offset)) left
                """)
        }
    }

    mutating func load<T: FixedWidthInteger>(_ type: T.Type, _ what: @autoclosure () -> String) throws -> T {
        try require(MemoryLayout<T>.size, what())
        let value = T(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: T.self))
        offset += MemoryLayout<T>.size
        return value
    }

    mutating func u8(_ what: @autoclosure () -> String) throws -> UInt8 { try load(UInt8.self, what()) }
    mutating func u16(_ what: @autoclosure () -> String) throws -> UInt16 { try load(UInt16.self, what()) }
    mutating func u32(_ what: @autoclosure () -> String) throws -> UInt32 { try load(UInt32.self, what()) }
    mutating func u64(_ what: @autoclosure () -> String) throws -> UInt64 { try load(UInt64.self, what()) }

    mutating func float64(_ what: @autoclosure () -> String) throws -> Double {
        Double(bitPattern: try load(UInt64.self, what()))
    }

    /// Skips `count` bytes and returns their absolute range.
    mutating func skip(_ count: Int, _ what: @autoclosure () -> String) throws -> Range<Int> {
        try require(count, what())
        defer { offset += count }
        return offset..<(offset + count)
    }

    /// The bytes in `range` (absolute) as a view; the range must lie inside the mapping.
    func view(_ range: Range<Int>) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: bytes[range])
    }

    /// Reads `count` bytes as UTF-8; invalid UTF-8 is a malformed file.
    mutating func utf8(count: Int, _ what: @autoclosure () -> String) throws -> String {
        let range = try skip(count, what())
        guard let string = String(validating: view(range), as: UTF8.self) else {
            throw WeightLoadingError(.malformedFile, location: location,
                                     message: "\(what()) at offset \(range.lowerBound) is not valid UTF-8")
        }
        return string
    }

    func malformed(_ message: String, key: String? = nil) -> WeightLoadingError {
        WeightLoadingError(.malformedFile, location: location, key: key, message: message)
    }
}
