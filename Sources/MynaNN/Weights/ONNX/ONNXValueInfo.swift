/// A graph input or output: its name, element type and shape as the model declares them.
public struct ONNXValueInfo: Sendable, Hashable {
    /// One axis of a declared shape.
    public enum Dimension: Sendable, Hashable {
        case value(Int)
        /// A symbolic extent such as `batch` or `T`.
        case symbol(String)
        case unknown
    }

    /// The value's name, as nodes refer to it.
    public let name: String
    /// ONNX `TensorProto.DataType` code of the elements (1 float, 7 int64…); 0 when not declared.
    public let elementTypeCode: Int
    /// `elementTypeCode` as a `WeightDType`, when Myna has one for it.
    public var elementType: WeightDType? { ONNXDataType.weightDType(code: elementTypeCode) }
    /// The declared shape, or nil when the model does not declare one.
    public let shape: [Dimension]?
}
