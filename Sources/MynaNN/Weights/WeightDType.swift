/// The element type of a stored tensor, as the weight file records it (little-endian on disk).
///
/// Readers map their format's codes onto these; `WeightArchive.floats(named:)` widens any of them to Float32
/// (Float16 and BFloat16 exactly, integers by value, Float64 by rounding).
public enum WeightDType: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case float32, float16, bfloat16, float64
    case int8, uint8, int16, uint16, int32, uint32, int64, uint64
    /// One byte per element, 0 or 1.
    case bool

    /// Bytes per element.
    public var byteSize: Int {
        switch self {
        case .int8, .uint8, .bool: 1
        case .float16, .bfloat16, .int16, .uint16: 2
        case .float32, .int32, .uint32: 4
        case .float64, .int64, .uint64: 8
        }
    }

    /// True for the floating-point types.
    public var isFloatingPoint: Bool {
        switch self {
        case .float32, .float16, .bfloat16, .float64: true
        default: false
        }
    }

    public var description: String { rawValue }
}
