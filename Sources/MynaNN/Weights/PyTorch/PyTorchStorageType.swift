/// The legacy typed storage classes (`torch.FloatStorage`…) and their element types.
enum PyTorchStorageType {
    static func dtype(named name: String) -> WeightDType? {
        switch name {
        case "FloatStorage": .float32
        case "DoubleStorage": .float64
        case "HalfStorage": .float16
        case "BFloat16Storage": .bfloat16
        case "LongStorage": .int64
        case "IntStorage": .int32
        case "ShortStorage": .int16
        case "CharStorage": .int8
        case "ByteStorage": .uint8
        case "BoolStorage": .bool
        default: nil
        }
    }
}
