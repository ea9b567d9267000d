import Foundation
import MynaCore

/// Reads a safetensors file (Silero VAD) from a memory map.
///
/// Layout: `u64` little-endian header length N, N bytes of JSON mapping each tensor name to
/// `{"dtype", "shape", "data_offsets": [begin, end]}` (offsets relative to the byte after the header) plus an
/// optional `__metadata__` string map, then the data. Every offset is checked to lie inside the file, to match
/// dtype × shape, and not to overlap another tensor.
///
/// Thread-safety: immutable after `init`; `@unchecked Sendable` only because it holds the read-only `MappedFile`.
public final class SafetensorsReader: WeightArchive, @unchecked Sendable {
    public let location: String
    /// Tensor names in data order.
    public let names: [String]
    /// The `__metadata__` map, empty when the file has none.
    public let metadata: [String: String]
    private let tensors: [String: WeightEntry]
    private let file: MappedFile

    /// The largest header accepted (the reference implementation's limit).
    public static let maximumHeaderLength = 100_000_000

    /// Opens and indexes `path`; throws `WeightLoadingError` for a missing, truncated, corrupted or foreign file.
    public init(path: String) throws {
        file = try MappedFile(path: path)
        location = path
        let bytes = file.bytes
        var cursor = ByteCursor(bytes: bytes, location: path)
        if let kind = FileSignature.sniff(bytes), kind != .safetensors {
            throw WeightLoadingError(.wrongFormat, location: path, message: "not a safetensors file: this looks like \(kind.rawValue)")
        }
        let headerLength = try cursor.u64("the header length")
        // The header is a JSON object, so the byte after the length is "{" in every safetensors file.
        if bytes.count > 8, bytes[8] != UInt8(ascii: "{") {
            throw WeightLoadingError(.wrongFormat, location: path, message: "not a safetensors file: no JSON header after the length")
        }
        guard headerLength <= UInt64(Self.maximumHeaderLength) else {
            throw cursor.malformed("header length \(headerLength) exceeds the \(Self.maximumHeaderLength)-byte limit")
        }
        let headerRange = try cursor.skip(Int(headerLength), "the \(headerLength)-byte JSON header")
        guard headerLength >= 2 else { throw cursor.malformed("header of \(headerLength) bytes cannot be a JSON object") }
        let header: [String: SafetensorsHeaderValue]
        do {
            header = try JSONDecoder().decode([String: SafetensorsHeaderValue].self, from: Data(cursor.view(headerRange)))
        } catch {
            throw cursor.malformed("header is not valid safetensors JSON (\(Self.describe(error)))")
        }
        let dataStart = headerRange.upperBound
        let dataSize = bytes.count - dataStart
        var metadata: [String: String] = [:]
        var placed: [(begin: Int, end: Int, entry: WeightEntry)] = []
        for (name, value) in header {
            switch value {
            case .metadata(let map):
                guard name == "__metadata__" else { throw cursor.malformed("'\(name)' is not a tensor description", key: name) }
                metadata = map
            case .tensor(let description):
                guard name != "__metadata__" else { throw cursor.malformed("__metadata__ must be a map of strings") }
                placed.append(try Self.place(name: name, description, dataStart: dataStart, dataSize: dataSize, cursor: cursor))
            }
        }
        placed.sort { ($0.begin, $0.entry.name) < ($1.begin, $1.entry.name) }
        var previous: (end: Int, name: String)?
        for item in placed where item.end > item.begin {
            if let previous, item.begin < previous.end {
                throw cursor.malformed("data overlaps that of '\(previous.name)'", key: item.entry.name)
            }
            previous = (item.end, item.entry.name)
        }
        names = placed.map(\.entry.name)
        tensors = Dictionary(uniqueKeysWithValues: placed.map { ($0.entry.name, $0.entry) })
        self.metadata = metadata
    }

    public func entry(named name: String) throws -> WeightEntry {
        guard let entry = tensors[name] else { throw missing(name) }
        return entry
    }

    public func withUnsafeRawBytes<R>(of entry: WeightEntry, _ body: (UnsafeRawBufferPointer) throws -> R) throws -> R {
        try WeightBytes.withContiguousBytes(of: entry, in: file.bytes, body)
    }

    private static func place(name: String, _ description: SafetensorsTensorDescription, dataStart: Int, dataSize: Int,
                              cursor: ByteCursor) throws -> (begin: Int, end: Int, entry: WeightEntry) {
        guard let dtype = SafetensorsTensorDescription.dtypes[description.dtype] else {
            throw WeightLoadingError(.dtypeUnsupported, location: cursor.location, key: name,
                                     message: "safetensors dtype '\(description.dtype)' is not supported")
        }
        guard description.shape.count <= 32, description.shape.allSatisfy({ $0 >= 0 }), description.dataOffsets.count == 2 else {
            throw cursor.malformed("invalid shape \(description.shape) or data_offsets \(description.dataOffsets)", key: name)
        }
        var elements = 1
        for extent in description.shape {
            let (product, overflow) = elements.multipliedReportingOverflow(by: extent)
            guard !overflow, product <= dataSize else {
                throw cursor.malformed("shape \(description.shape) is larger than the file", key: name)
            }
            elements = product
        }
        let begin = description.dataOffsets[0], end = description.dataOffsets[1]
        guard begin >= 0, begin <= end, end <= dataSize else {
            throw WeightLoadingError(end > dataSize ? .truncated : .malformedFile, location: cursor.location, key: name,
                                     message: "data_offsets [\(begin), \(end)] lie outside the \(dataSize) data bytes")
        }
        guard end - begin == elements * dtype.byteSize else {
            throw cursor.malformed("data_offsets span \(end - begin) bytes, \(dtype) × shape \(description.shape) needs \(elements * dtype.byteSize)", key: name)
        }
        let entry = WeightEntry(name: name, dtype: dtype, shape: description.shape, bytes: .mapped(offset: dataStart + begin))
        return (begin, end, entry)
    }

    private static func describe(_ error: Error) -> String {
        switch error {
        case DecodingError.dataCorrupted(let context), DecodingError.typeMismatch(_, let context),
             DecodingError.keyNotFound(_, let context), DecodingError.valueNotFound(_, let context):
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return path.isEmpty ? context.debugDescription : "\(path): \(context.debugDescription)"
        default:
            return "\(error)"
        }
    }
}
