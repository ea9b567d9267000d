import MynaCore

/// Parses one `TensorProto` (an initializer) into a `WeightEntry`.
///
/// `raw_data` stays a view of the mapped file; typed fields (`float_data`, `int32_data`, …) are decoded into owned
/// little-endian bytes. Tensors whose data lives in an external file are refused with `.unsupportedFeature`.
enum ONNXTensorParser {
    // TensorProto field numbers (onnx/onnx.proto).
    private enum Field {
        static let dims = 1, dataType = 2, segment = 3, floatData = 4, int32Data = 5, stringData = 6,
                   int64Data = 7, name = 8, rawData = 9, doubleData = 10, uint64Data = 11, externalData = 13,
                   dataLocation = 14
    }

    static func parse(bytes: UnsafeRawBufferPointer, range: Range<Int>, location: String, index: Int) throws -> WeightEntry {
        var reader = ProtobufReader(bytes: bytes, range: range, location: location, context: "initializer \(index)")
        var dims: [UInt64] = []
        var dataTypeCode: Int64 = 0
        var name = ""
        var raw: Range<Int>?
        var fixedBytes: [UInt8] = []
        var varints: [UInt64] = []
        var typedFields = Set<Int>()
        var externalLocation: String?
        var isExternal = false
        var hasSegment = false
        var stringCount = 0
        while let (number, wireType) = try reader.nextField() {
            switch number {
            case Field.dims: try reader.appendVarints(wireType, to: &dims)
            case Field.dataType: dataTypeCode = try reader.int64()
            case Field.segment: hasSegment = true; try reader.skip(wireType)
            case Field.floatData: typedFields.insert(number); try reader.appendFixed(wireType, width: 4, to: &fixedBytes)
            case Field.doubleData: typedFields.insert(number); try reader.appendFixed(wireType, width: 8, to: &fixedBytes)
            case Field.int32Data, Field.int64Data, Field.uint64Data:
                typedFields.insert(number)
                try reader.appendVarints(wireType, to: &varints)
            case Field.stringData: stringCount += 1; try reader.skip(wireType)
            case Field.name: name = try reader.string()
            case Field.rawData: raw = try reader.lengthDelimited()
            case Field.externalData:
                isExternal = true
                let entry = try reader.lengthDelimited()
                if let pair = try? keyValue(bytes: bytes, range: entry, location: location), pair.key == "location" {
                    externalLocation = pair.value
                }
            case Field.dataLocation: if try reader.varint() == 1 { isExternal = true }
            default: try reader.skip(wireType)
            }
        }
        let key = name.isEmpty ? "initializer \(index)" : name
        if isExternal {
            throw WeightLoadingError(.unsupportedFeature, location: location, key: key, message: """
                data is stored in an external file\(externalLocation.map { " ('\($0)')" } ?? ""); Myna reads only \
                self-contained .onnx files (save the model without external data)
                """)
        }
        if hasSegment {
            throw WeightLoadingError(.unsupportedFeature, location: location, key: key,
                                     message: "segmented tensors are not supported")
        }
        guard let dtype = ONNXDataType.weightDType(code: Int(truncatingIfNeeded: dataTypeCode)) else {
            throw WeightLoadingError(.dtypeUnsupported, location: location, key: key,
                                     message: "element type \(ONNXDataType.name(code: Int(truncatingIfNeeded: dataTypeCode))) is not supported")
        }
        guard dims.count <= 32 else { throw reader.malformed("rank \(dims.count) is implausible", key: key) }
        var shape: [Int] = []
        var elements = 1
        for extent in dims {
            // Dims are int64 on the wire; a negative one arrives as a huge UInt64.
            guard extent <= UInt64(Int32.max) else { throw reader.malformed("invalid dims \(dims.map { Int64(bitPattern: $0) })", key: key) }
            shape.append(Int(extent))
            let (product, overflow) = elements.multipliedReportingOverflow(by: Int(extent))
            guard !overflow, product <= bytes.count else {
                throw reader.malformed("shape \(shape) is larger than the whole file", key: key)
            }
            elements = product
        }
        if let raw {
            guard typedFields.isEmpty else { throw reader.malformed("has both raw_data and typed data", key: key) }
            guard raw.count == elements * dtype.byteSize else {
                throw reader.malformed("raw_data has \(raw.count) bytes, \(dtype) × shape \(shape) needs \(elements * dtype.byteSize)", key: key)
            }
            return WeightEntry(name: name, dtype: dtype, shape: shape, bytes: .mapped(offset: raw.lowerBound))
        }
        let owned = try typedBytes(dtype: dtype, fields: typedFields, fixed: fixedBytes, varints: varints,
                                   elements: elements, key: key, reader: reader)
        return WeightEntry(name: name, dtype: dtype, shape: shape, bytes: .owned(owned))
    }

    /// Little-endian element bytes from the typed field that `dtype` uses; any other typed field is malformed.
    private static func typedBytes(dtype: WeightDType, fields: Set<Int>, fixed: [UInt8], varints: [UInt64],
                                   elements: Int, key: String, reader: ProtobufReader) throws -> [UInt8] {
        let expectedField: Int
        switch ONNXDataType.typedField(for: dtype) {
        case .float: expectedField = Field.floatData
        case .double: expectedField = Field.doubleData
        case .int32: expectedField = Field.int32Data
        case .int64: expectedField = Field.int64Data
        case .uint64: expectedField = Field.uint64Data
        }
        guard fields.isSubset(of: [expectedField]) else {
            throw reader.malformed("\(dtype) tensor carries values in the wrong typed field(s) \(fields.sorted())", key: key)
        }
        let isFixed = expectedField == Field.floatData || expectedField == Field.doubleData
        let valueCount = isFixed ? fixed.count / dtype.byteSize : varints.count
        guard valueCount == elements else {
            throw reader.malformed("has \(valueCount) values for \(elements) elements", key: key)
        }
        if isFixed { return fixed }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(elements * dtype.byteSize)
        for value in varints {
            // Truncating to the element width keeps two's-complement values and 16-bit float patterns intact.
            withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0.prefix(dtype.byteSize)) }
        }
        return bytes
    }

    /// A `StringStringEntryProto` (key = 1, value = 2).
    private static func keyValue(bytes: UnsafeRawBufferPointer, range: Range<Int>, location: String) throws -> (key: String, value: String) {
        var reader = ProtobufReader(bytes: bytes, range: range, location: location, context: "external_data")
        var key = "", value = ""
        while let (number, wireType) = try reader.nextField() {
            switch number {
            case 1: key = try reader.string()
            case 2: value = try reader.string()
            default: try reader.skip(wireType)
            }
        }
        return (key, value)
    }
}
