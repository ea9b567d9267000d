/// One operator of an ONNX graph: enough to trace which node consumes a renamed weight.
public struct ONNXNode: Sendable, Hashable {
    /// The node's name, for example `/flow/flows.0/enc/in_layers.0/Conv` (may be empty).
    public let name: String
    /// The operator, for example `Conv`.
    public let opType: String
    /// The operator set domain; empty for the default `ai.onnx` domain.
    public let domain: String
    /// Names of the values (graph inputs, initializers, other nodes' outputs) the node reads, in argument order;
    /// an empty string marks an omitted optional input.
    public let inputs: [String]
    /// Names of the values the node produces.
    public let outputs: [String]
    /// The node's attributes by name (`strides`, `dilations`, `pads`, `alpha`, …).
    public let attributes: [String: ONNXAttribute]

    public init(name: String, opType: String, domain: String, inputs: [String], outputs: [String],
                attributes: [String: ONNXAttribute] = [:]) {
        self.name = name
        self.opType = opType
        self.domain = domain
        self.inputs = inputs
        self.outputs = outputs
        self.attributes = attributes
    }
}
