import MynaCore

/// Reads a CTranslate2 `model.bin` (faster-whisper model folders) in place from a memory map.
///
/// Layout (little-endian, binary version 6; MODELS.md): `u32 version`, spec name and `u32 revision`, `u32` variable
/// count, then per variable a name, `u8 rank`, `rank × u32` shape, `u8 dtype`, `u32 byte count` and the raw row-major
/// data with no padding (so data may start at any offset), then `u32` alias count and (alias, target) name pairs.
/// Strings are a `u16` length that counts a trailing NUL. Every length is checked against the mapping.
///
/// Quantised weights (`…/weight` stored as int8 or int16 with a sibling `…/weight_scale`) are dequantised by
/// `readFloats(named:into:)`; `consumedNames(loading:)` then reports both names.
///
/// Thread-safety: immutable after `init`; `@unchecked Sendable` only because it holds the `MappedFile`, which is
/// itself read-only.
public final class CTranslate2ModelReader: WeightArchive, @unchecked Sendable {
    public let location: String
    /// The format version in the header (6 for current CTranslate2 releases).
    public let binaryVersion: Int
    /// The model specification, for example `WhisperSpec`.
    public let specName: String
    /// The specification's revision (3 for Whisper).
    public let specRevision: Int
    public let names: [String]
    /// Alias name → the variable it stands for (for example `decoder/projection/weight → decoder/embeddings/weight`).
    public let aliases: [String: String]
    private let variables: [String: WeightEntry]
    private let file: MappedFile

    /// The binary versions this reader understands; older layouts store dtypes differently.
    public static let supportedBinaryVersions: ClosedRange<Int> = 6...6

    /// Opens and indexes `path`; throws `WeightLoadingError` for a missing, truncated, corrupted or foreign file.
    public init(path: String) throws {
        file = try MappedFile(path: path)
        location = path
        var cursor = ByteCursor(bytes: file.bytes, location: path)
        let version = Int(try cursor.u32("the binary version"))
        guard Self.supportedBinaryVersions.contains(version) else {
            if let kind = FileSignature.sniff(file.bytes), kind != .ctranslate2 {
                throw WeightLoadingError(.wrongFormat, location: path,
                                         message: "not a CTranslate2 model.bin: this looks like \(kind.rawValue)")
            }
            if version < 6 {
                throw WeightLoadingError(.unsupportedFeature, location: path, message: """
                    CTranslate2 binary version \(version) is not supported (Myna reads version 6; \
                    re-convert the model with CTranslate2 ≥ 3)
                    """)
            }
            throw WeightLoadingError(.wrongFormat, location: path,
                                     message: "not a CTranslate2 model.bin: binary version \(version) (expected 6)")
        }
        binaryVersion = version
        specName = try Self.string(&cursor, "the spec name")
        specRevision = Int(try cursor.u32("the spec revision"))
        let variableCount = Int(try cursor.u32("the variable count"))
        // A variable needs at least 2 (name) + 1 (rank) + 1 (dtype) + 4 (byte count) bytes.
        guard variableCount <= cursor.remaining / 8 else {
            throw cursor.malformed("variable count \(variableCount) is impossible for a file of \(file.bytes.count) bytes")
        }
        var names: [String] = []
        var variables: [String: WeightEntry] = [:]
        names.reserveCapacity(variableCount)
        for index in 0..<variableCount {
            let entry = try Self.variable(&cursor, index: index)
            guard variables[entry.name] == nil else { throw cursor.malformed("variable defined twice", key: entry.name) }
            names.append(entry.name)
            variables[entry.name] = entry
        }
        let aliasCount = Int(try cursor.u32("the alias count"))
        guard aliasCount <= cursor.remaining / 4 else {
            throw cursor.malformed("alias count \(aliasCount) is impossible for the \(cursor.remaining) bytes left")
        }
        var aliases: [String: String] = [:]
        for index in 0..<aliasCount {
            let alias = try Self.string(&cursor, "the name of alias \(index)")
            let target = try Self.string(&cursor, "the target of alias \(index) ('\(alias)')")
            guard variables[target] != nil else {
                throw cursor.malformed("alias target '\(target)' is not a variable in the file", key: alias)
            }
            guard variables[alias] == nil, aliases[alias] == nil else {
                throw cursor.malformed("alias name is already used", key: alias)
            }
            aliases[alias] = target
        }
        guard cursor.isAtEnd else {
            throw cursor.malformed("\(cursor.remaining) unexpected bytes after the aliases at offset \(cursor.offset)")
        }
        self.names = names
        self.variables = variables
        self.aliases = aliases
    }

    public func entry(named name: String) throws -> WeightEntry {
        if let entry = variables[name] ?? aliases[name].flatMap({ variables[$0] }) { return entry }
        throw missing(name)
    }

    public func withUnsafeRawBytes<R>(of entry: WeightEntry, _ body: (UnsafeRawBufferPointer) throws -> R) throws -> R {
        try WeightBytes.withContiguousBytes(of: entry, in: file.bytes, body)
    }

    /// The name of the scale that dequantises `name`, if it is a quantised (int8 or int16) weight.
    public func scaleName(for name: String) -> String? {
        guard let entry = try? entry(named: name), entry.dtype == .int8 || entry.dtype == .int16,
              !entry.shape.isEmpty else { return nil }
        let scale = entry.name + "_scale"
        return variables[scale] == nil ? nil : scale
    }

    public func readFloats(named name: String, into destination: UnsafeMutableBufferPointer<Float>) throws {
        let entry = try entry(named: name)
        try checkDestination(destination.count, for: entry)
        try withUnsafeRawBytes(of: entry) { WeightConversion.widen(entry.dtype, from: $0, into: destination) }
        guard let scaleName = scaleName(for: name) else { return }
        let scaleEntry = try self.entry(named: scaleName)
        let rows = entry.shape[0]
        guard scaleEntry.dtype.isFloatingPoint, scaleEntry.elementCount == rows || scaleEntry.elementCount == 1 else {
            throw WeightLoadingError(.shapeMismatch, location: location, key: scaleName, expectedShape: [rows],
                                     actualShape: scaleEntry.shape, message: """
                scale of \(scaleEntry.dtype) shape \(scaleEntry.shape) does not fit \(entry.name) \(entry.shape) \
                (expected \(rows) per-row scales or one)
                """)
        }
        let scales = try floats(named: scaleName)
        WeightConversion.dequantize(destination, rows: rows, scales: scales)
    }

    public func consumedNames(loading name: String) -> [String] {
        guard let entry = try? entry(named: name) else { return [name] }
        return [entry.name] + (scaleName(for: name).map { [$0] } ?? [])
    }

    // MARK: - Parsing

    private static func string(_ cursor: inout ByteCursor, _ what: String) throws -> String {
        let length = Int(try cursor.u16("the length of \(what)"))
        guard length >= 1 else { throw cursor.malformed("\(what) has length 0 (at least the NUL is expected)") }
        let start = cursor.offset
        let text = try cursor.utf8(count: length - 1, what)
        guard try cursor.u8("the NUL ending \(what)") == 0 else {
            throw cursor.malformed("\(what) at offset \(start) does not end with NUL")
        }
        return text
    }

    private static func variable(_ cursor: inout ByteCursor, index: Int) throws -> WeightEntry {
        let name = try string(&cursor, "the name of variable \(index)")
        let rank = Int(try cursor.u8("the rank of '\(name)'"))
        guard rank <= 8 else { throw cursor.malformed("rank \(rank) is implausible", key: name) }
        var shape: [Int] = []
        for axis in 0..<rank { shape.append(Int(try cursor.u32("axis \(axis) of '\(name)'"))) }
        let code = try cursor.u8("the dtype of '\(name)'")
        guard let dtype = CTranslate2DType(rawValue: code)?.weightDType else {
            throw WeightLoadingError(.dtypeUnsupported, location: cursor.location, key: name,
                                     message: "unknown CTranslate2 dtype code \(code) (known: 0–5)")
        }
        let byteCount = Int(try cursor.u32("the byte count of '\(name)'"))
        let (elements, overflow) = shape.reduce((1, false)) { partial, extent in
            let product = partial.0.multipliedReportingOverflow(by: extent)
            return (product.partialValue, partial.1 || product.overflow)
        }
        // Both products checked: a hostile shape can stay below Int.max until multiplied by the dtype's size
        // (found by fuzz/run ctranslate2).
        let bytes = elements.multipliedReportingOverflow(by: dtype.byteSize)
        guard !overflow, !bytes.overflow, bytes.partialValue == byteCount else {
            throw cursor.malformed("byte count \(byteCount) does not match \(dtype) × shape \(shape)", key: name)
        }
        let data = try cursor.skip(byteCount, "the \(byteCount) data bytes of '\(name)'")
        return WeightEntry(name: name, dtype: dtype, shape: shape, bytes: .mapped(offset: data.lowerBound))
    }
}
