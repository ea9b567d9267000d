/// Where an initializer is read: which node, and as which of its inputs (Conv: 0 data, 1 weight, 2 bias).
public struct ONNXInitializerUse: Sendable, Hashable {
    /// Index of the node in `ONNXModelReader.nodes`.
    public let nodeIndex: Int
    /// The node's name (may be empty in models that do not name nodes).
    public let nodeName: String
    /// The node's operator, for example `Conv`.
    public let opType: String
    /// The position in the node's inputs at which it reads the initializer.
    public let inputIndex: Int
}
