/// Parses `ValueInfoProto` (name = 1, type = 2) down to the tensor element type and shape:
/// `TypeProto.tensor_type` = 1 → `elem_type` = 1, `shape` = 2 → `dim` = 1 → `dim_value` = 1 / `dim_param` = 2.
enum ONNXValueInfoParser {
    static func parse(bytes: UnsafeRawBufferPointer, range: Range<Int>, location: String) throws -> ONNXValueInfo {
        var reader = ProtobufReader(bytes: bytes, range: range, location: location, context: "ValueInfoProto")
        var name = ""
        var elementType = 0
        var shape: [ONNXValueInfo.Dimension]?
        while let (number, wireType) = try reader.nextField() {
            switch (number, wireType) {
            case (1, .lengthDelimited): name = try reader.string()
            case (2, .lengthDelimited):
                var type = ProtobufReader(bytes: bytes, range: try reader.lengthDelimited(), location: location, context: "TypeProto")
                while let (typeField, typeWire) = try type.nextField() {
                    guard typeField == 1, typeWire == .lengthDelimited else { try type.skip(typeWire); continue }
                    var tensor = ProtobufReader(bytes: bytes, range: try type.lengthDelimited(), location: location,
                                                context: "TypeProto.Tensor")
                    while let (tensorField, tensorWire) = try tensor.nextField() {
                        switch (tensorField, tensorWire) {
                        case (1, .varint): elementType = Int(truncatingIfNeeded: try tensor.int64())
                        case (2, .lengthDelimited):
                            shape = try dimensions(bytes: bytes, range: try tensor.lengthDelimited(), location: location)
                        default: try tensor.skip(tensorWire)
                        }
                    }
                }
            default: try reader.skip(wireType)
            }
        }
        return ONNXValueInfo(name: name, elementTypeCode: elementType, shape: shape)
    }

    private static func dimensions(bytes: UnsafeRawBufferPointer, range: Range<Int>, location: String) throws -> [ONNXValueInfo.Dimension] {
        var reader = ProtobufReader(bytes: bytes, range: range, location: location, context: "TensorShapeProto")
        var result: [ONNXValueInfo.Dimension] = []
        while let (number, wireType) = try reader.nextField() {
            guard number == 1, wireType == .lengthDelimited else { try reader.skip(wireType); continue }
            var dimension = ProtobufReader(bytes: bytes, range: try reader.lengthDelimited(), location: location,
                                           context: "TensorShapeProto.Dimension")
            var value: ONNXValueInfo.Dimension = .unknown
            while let (field, wire) = try dimension.nextField() {
                switch (field, wire) {
                case (1, .varint): value = .value(Int(truncatingIfNeeded: try dimension.int64()))
                case (2, .lengthDelimited): value = .symbol(try dimension.string())
                default: try dimension.skip(wire)
                }
            }
            result.append(value)
        }
        return result
    }
}
