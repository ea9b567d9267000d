import MynaCore

/// A minimal protobuf wire-format reader over a byte range of a mapped file: varints, fixed32/64 and
/// length-delimited fields, with every length checked against the enclosing message.
///
/// Enough for ONNX's `ModelProto` without generated code (see `ONNXModelReader`). Groups (wire types 3 and 4) are
/// deprecated and not used by ONNX; they are reported as a malformed file.
struct ProtobufReader {
    enum WireType: UInt64 { case varint = 0, fixed64 = 1, lengthDelimited = 2, startGroup = 3, endGroup = 4, fixed32 = 5 }

    private var cursor: ByteCursor
    /// The message being read, for error messages ("TensorProto 'x'").
    let context: String

    /// Reads the message occupying `range` (absolute offsets) of `bytes`.
    init(bytes: UnsafeRawBufferPointer, range: Range<Int>, location: String, context: String) {
        cursor = ByteCursor(bytes: bytes, location: location, offset: range.lowerBound, end: range.upperBound)
        self.context = context
    }

    var offset: Int { cursor.offset }

    /// The next field's number and wire type, or nil at the end of the message.
    mutating func nextField() throws -> (number: Int, wireType: WireType)? {
        guard !cursor.isAtEnd else { return nil }
        let start = cursor.offset
        let key = try varint()
        guard let wireType = WireType(rawValue: key & 7), wireType != .startGroup, wireType != .endGroup else {
            throw cursor.malformed("\(context): invalid protobuf wire type \(key & 7) at offset \(start)")
        }
        let number = key >> 3
        guard number >= 1, number <= 536_870_911 else {
            throw cursor.malformed("\(context): invalid protobuf field number \(number) at offset \(start)")
        }
        return (Int(number), wireType)
    }

    /// A base-128 varint (at most 10 bytes).
    mutating func varint() throws -> UInt64 {
        var value: UInt64 = 0
        for index in 0..<10 {
            let byte = try cursor.u8("a protobuf varint in \(context)")
            value |= UInt64(byte & 0x7f) << (7 * UInt64(index))
            if byte & 0x80 == 0 { return value }
        }
        throw cursor.malformed("\(context): varint longer than 10 bytes at offset \(cursor.offset - 10)")
    }

    /// A varint interpreted as a two's-complement int64 (protobuf `int64`/`int32`).
    mutating func int64() throws -> Int64 { Int64(bitPattern: try varint()) }

    mutating func fixed32() throws -> UInt32 { try cursor.u32("a protobuf fixed32 in \(context)") }
    mutating func fixed64() throws -> UInt64 { try cursor.u64("a protobuf fixed64 in \(context)") }

    /// The absolute byte range of a length-delimited field's payload, checked against the enclosing message.
    mutating func lengthDelimited() throws -> Range<Int> {
        let length = try varint()
        guard length <= UInt64(cursor.remaining) else {
            throw WeightLoadingError(.truncated, location: cursor.location, message: """
                \(context): field of \(length) bytes at offset \(cursor.offset) runs past the end of its message \
                (\(cursor.remaining) bytes left)
                """)
        }
        return try cursor.skip(Int(length), "a protobuf field in \(context)")
    }

    /// A length-delimited field as UTF-8 text.
    mutating func string() throws -> String {
        let range = try lengthDelimited()
        guard let text = String(validating: cursor.view(range), as: UTF8.self) else {
            throw cursor.malformed("\(context): string at offset \(range.lowerBound) is not valid UTF-8")
        }
        return text
    }

    /// Skips a field's payload of the given wire type.
    mutating func skip(_ wireType: WireType) throws {
        switch wireType {
        case .varint: _ = try varint()
        case .fixed64: _ = try cursor.skip(8, "a protobuf fixed64 in \(context)")
        case .fixed32: _ = try cursor.skip(4, "a protobuf fixed32 in \(context)")
        case .lengthDelimited: _ = try lengthDelimited()
        case .startGroup, .endGroup: throw cursor.malformed("\(context): protobuf groups are not supported")
        }
    }

    /// Reads a repeated varint field that may be packed (one length-delimited run) or not (one value per field).
    mutating func appendVarints(_ wireType: WireType, to values: inout [UInt64]) throws {
        switch wireType {
        case .varint:
            values.append(try varint())
        case .lengthDelimited:
            let range = try lengthDelimited()
            var packed = ProtobufReader(bytes: cursor.bytes, range: range, location: cursor.location, context: context)
            while !packed.cursor.isAtEnd { values.append(try packed.varint()) }
        default:
            throw cursor.malformed("\(context): wire type \(wireType) where varints were expected")
        }
    }

    /// Reads a repeated fixed-width field (float/double) that may be packed or not, appending raw little-endian bytes.
    mutating func appendFixed(_ wireType: WireType, width: Int, to bytes: inout [UInt8]) throws {
        let expected: WireType = width == 4 ? .fixed32 : .fixed64
        if wireType == expected {
            let range = try cursor.skip(width, "a protobuf fixed\(width * 8) in \(context)")
            bytes.append(contentsOf: cursor.view(range))
        } else if wireType == .lengthDelimited {
            let range = try lengthDelimited()
            guard range.count % width == 0 else {
                throw cursor.malformed("\(context): packed run of \(range.count) bytes is not a multiple of \(width)")
            }
            bytes.append(contentsOf: cursor.view(range))
        } else {
            throw cursor.malformed("\(context): wire type \(wireType) where fixed\(width * 8) values were expected")
        }
    }

    func malformed(_ message: String, key: String? = nil) -> WeightLoadingError {
        cursor.malformed(message, key: key)
    }
}
