/// `{"dtype": "F32", "shape": [258, 1, 256], "data_offsets": [0, 264192]}`.
struct SafetensorsTensorDescription: Decodable {
    let dtype: String
    let shape: [Int]
    let dataOffsets: [Int]

    enum CodingKeys: String, CodingKey {
        case dtype, shape
        case dataOffsets = "data_offsets"
    }

    /// The safetensors dtype names Myna reads.
    static let dtypes: [String: WeightDType] = [
        "F64": .float64, "F32": .float32, "F16": .float16, "BF16": .bfloat16, "I64": .int64, "I32": .int32,
        "I16": .int16, "I8": .int8, "U8": .uint8, "U16": .uint16, "U32": .uint32, "U64": .uint64, "BOOL": .bool,
    ]
}
