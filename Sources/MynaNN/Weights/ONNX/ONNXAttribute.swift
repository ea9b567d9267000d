/// A node attribute of an ONNX graph, as far as model code needs them: integers and floats, single or repeated
/// (`strides`, `dilations`, `pads`, `group`, `alpha`). Other kinds (tensors, graphs, strings) are kept by name only.
public enum ONNXAttribute: Sendable, Hashable {
    case int(Int)
    case ints([Int])
    case float(Float)
    case floats([Float])
    /// A kind the reader does not decode (string, tensor, graph, …).
    case other

    /// The value as a list of integers (a single `int` becomes a one-element list), or nil for other kinds.
    public var integers: [Int]? {
        switch self {
        case .int(let value): [value]
        case .ints(let values): values
        default: nil
        }
    }

    /// The value as a float (`float`, or an `int`), or nil.
    public var scalar: Float? {
        switch self {
        case .float(let value): value
        case .int(let value): Float(value)
        default: nil
        }
    }
}
