/// CTranslate2's dtype codes, in the order of its `DataType` enum (include/ctranslate2/types.h).
enum CTranslate2DType: UInt8 {
    case float32 = 0, int8 = 1, int16 = 2, int32 = 3, float16 = 4, bfloat16 = 5

    var weightDType: WeightDType {
        switch self {
        case .float32: .float32
        case .int8: .int8
        case .int16: .int16
        case .int32: .int32
        case .float16: .float16
        case .bfloat16: .bfloat16
        }
    }
}
