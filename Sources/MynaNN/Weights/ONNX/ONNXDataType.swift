/// ONNX `TensorProto.DataType` codes (onnx/onnx.proto) and how typed (non-raw) tensor fields store them.
enum ONNXDataType {
    static func weightDType(code: Int) -> WeightDType? {
        switch code {
        case 1: .float32
        case 2: .uint8
        case 3: .int8
        case 4: .uint16
        case 5: .int16
        case 6: .int32
        case 7: .int64
        case 9: .bool
        case 10: .float16
        case 11: .float64
        case 12: .uint32
        case 13: .uint64
        case 16: .bfloat16
        default: nil
        }
    }

    /// The name onnx.proto gives a code, for error messages.
    static func name(code: Int) -> String {
        let names = [0: "UNDEFINED", 8: "STRING", 14: "COMPLEX64", 15: "COMPLEX128", 17: "FLOAT8E4M3FN",
                     18: "FLOAT8E4M3FNUZ", 19: "FLOAT8E5M2", 20: "FLOAT8E5M2FNUZ", 21: "UINT4", 22: "INT4",
                     23: "FLOAT4E2M1", 24: "FLOAT8E8M0", 25: "UINT2", 26: "INT2"]
        if let dtype = weightDType(code: code) { return dtype.rawValue }
        return names[code] ?? "data type \(code)"
    }

    /// Which typed field of `TensorProto` holds values of `dtype` when `raw_data` is absent.
    enum TypedField { case float, double, int32, int64, uint64 }

    static func typedField(for dtype: WeightDType) -> TypedField {
        switch dtype {
        case .float32: .float
        case .float64: .double
        // Narrow integers, bool and the 16-bit floats (as bit patterns) travel in int32_data.
        case .int32, .int16, .int8, .uint16, .uint8, .bool, .float16, .bfloat16: .int32
        case .int64: .int64
        case .uint32, .uint64: .uint64
        }
    }
}
