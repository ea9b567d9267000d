import MynaCore

/// Reads an ONNX model (Piper voices) from a memory map: the initializers as weights, plus the graph's nodes,
/// inputs and outputs so that weights the exporter renamed (`onnx::Conv_8168`) can be traced to the node that
/// consumes them (`/flow/flows.0/enc/in_layers.0/Conv`, input 1).
///
/// Parsed with `ProtobufReader`, a small wire-format reader, rather than generated swift-protobuf code: we need
/// a dozen fields of five messages, the generated code for onnx.proto is thousands of lines plus a package
/// dependency, and a hand reader can keep `raw_data` as views of the mapping instead of copying 60 MB into `Data`.
///
/// Thread-safety: immutable after `init`; `@unchecked Sendable` only because it holds the read-only `MappedFile`.
public final class ONNXModelReader: WeightArchive, @unchecked Sendable {
    public let location: String
    /// `ModelProto.ir_version`.
    public let irVersion: Int
    /// The exporter that wrote the model (`pytorch` for Piper voices) and its version.
    public let producerName: String
    public let producerVersion: String
    /// Operator set version per domain (`""` is the default `ai.onnx` domain).
    public let opsetImports: [String: Int]
    /// The graph's nodes in file (topological) order.
    public let nodes: [ONNXNode]
    /// The graph's declared inputs that are not initializers (for Piper: `input`, `input_lengths`, `scales`).
    public let inputs: [ONNXValueInfo]
    /// The graph's declared outputs (for Piper: `output`).
    public let outputs: [ONNXValueInfo]
    /// Initializer names in file order.
    public let names: [String]
    private let initializers: [String: WeightEntry]
    private let uses: [String: [ONNXInitializerUse]]
    private let file: MappedFile

    /// The default-domain operator set version (15 for Piper voices), or nil if the model imports none.
    public var opsetVersion: Int? { opsetImports[""] ?? opsetImports["ai.onnx"] }

    /// The distinct operator types used by the graph's nodes.
    public var opTypes: Set<String> { Set(nodes.map(\.opType)) }

    /// Opens and indexes `path`; throws `WeightLoadingError` for a missing, truncated, corrupted or foreign file,
    /// or one whose tensors live in external data files.
    public init(path: String) throws {
        file = try MappedFile(path: path)
        location = path
        let bytes = file.bytes
        guard !bytes.isEmpty else { throw WeightLoadingError(.truncated, location: path, message: "file is empty") }
        if let kind = FileSignature.sniff(bytes) {
            throw WeightLoadingError(.wrongFormat, location: path, message: "not an ONNX model: this looks like \(kind.rawValue)")
        }
        var model = ProtobufReader(bytes: bytes, range: 0..<bytes.count, location: path, context: "ModelProto")
        var irVersion: Int?
        var producerName = "", producerVersion = ""
        var opsets: [String: Int] = [:]
        var graphRange: Range<Int>?
        while let (number, wireType) = try model.nextField() {
            switch (number, wireType) {
            case (1, .varint): irVersion = Int(truncatingIfNeeded: try model.int64())
            case (2, .lengthDelimited): producerName = try model.string()
            case (3, .lengthDelimited): producerVersion = try model.string()
            case (7, .lengthDelimited): graphRange = try model.lengthDelimited()
            case (8, .lengthDelimited):
                let (domain, version) = try Self.opset(bytes: bytes, range: try model.lengthDelimited(), location: path)
                opsets[domain] = version
            default: try model.skip(wireType)
            }
        }
        guard let irVersion, let graphRange else {
            throw WeightLoadingError(.wrongFormat, location: path,
                                     message: "not an ONNX model: no \(irVersion == nil ? "ir_version" : "graph") in the ModelProto")
        }
        // Required by the ONNX spec since IR version 3; its absence also betrays a file cut right after the graph.
        guard !opsets.isEmpty else {
            throw WeightLoadingError(.malformedFile, location: path,
                                     message: "ModelProto has no opset_import (truncated, or not a valid ONNX model)")
        }
        self.irVersion = irVersion
        self.producerName = producerName
        self.producerVersion = producerVersion
        opsetImports = opsets

        var graph = ProtobufReader(bytes: bytes, range: graphRange, location: path, context: "GraphProto")
        var nodes: [ONNXNode] = []
        var names: [String] = []
        var initializers: [String: WeightEntry] = [:]
        var inputs: [ONNXValueInfo] = []
        var outputs: [ONNXValueInfo] = []
        while let (number, wireType) = try graph.nextField() {
            switch (number, wireType) {
            case (1, .lengthDelimited):
                nodes.append(try Self.node(bytes: bytes, range: try graph.lengthDelimited(), location: path, index: nodes.count))
            case (5, .lengthDelimited):
                let entry = try ONNXTensorParser.parse(bytes: bytes, range: try graph.lengthDelimited(),
                                                       location: path, index: names.count)
                guard initializers[entry.name] == nil else {
                    throw graph.malformed("initializer defined twice", key: entry.name)
                }
                names.append(entry.name)
                initializers[entry.name] = entry
            case (11, .lengthDelimited):
                inputs.append(try ONNXValueInfoParser.parse(bytes: bytes, range: try graph.lengthDelimited(), location: path))
            case (12, .lengthDelimited):
                outputs.append(try ONNXValueInfoParser.parse(bytes: bytes, range: try graph.lengthDelimited(), location: path))
            case (15, _):
                throw WeightLoadingError(.unsupportedFeature, location: path,
                                         message: "sparse initializers are not supported")
            default: try graph.skip(wireType)
            }
        }
        var uses: [String: [ONNXInitializerUse]] = [:]
        for (nodeIndex, node) in nodes.enumerated() {
            for (inputIndex, input) in node.inputs.enumerated() where initializers[input] != nil {
                uses[input, default: []].append(ONNXInitializerUse(nodeIndex: nodeIndex, nodeName: node.name,
                                                                   opType: node.opType, inputIndex: inputIndex))
            }
        }
        self.nodes = nodes
        self.names = names
        self.initializers = initializers
        // Older exporters also list initializers among the graph inputs; those are weights, not model inputs.
        self.inputs = inputs.filter { initializers[$0.name] == nil }
        self.outputs = outputs
        self.uses = uses
    }

    public func entry(named name: String) throws -> WeightEntry {
        guard let entry = initializers[name] else { throw missing(name) }
        return entry
    }

    public func withUnsafeRawBytes<R>(of entry: WeightEntry, _ body: (UnsafeRawBufferPointer) throws -> R) throws -> R {
        try WeightBytes.withContiguousBytes(of: entry, in: file.bytes, body)
    }

    /// The nodes that read initializer `name`, with the input position at which each reads it (file order).
    public func consumers(of name: String) -> [ONNXInitializerUse] { uses[name] ?? [] }

    // MARK: - Parsing

    /// `OperatorSetIdProto`: domain = 1, version = 2.
    private static func opset(bytes: UnsafeRawBufferPointer, range: Range<Int>, location: String) throws -> (String, Int) {
        var reader = ProtobufReader(bytes: bytes, range: range, location: location, context: "opset_import")
        var domain = "", version = 0
        while let (number, wireType) = try reader.nextField() {
            switch (number, wireType) {
            case (1, .lengthDelimited): domain = try reader.string()
            case (2, .varint): version = Int(truncatingIfNeeded: try reader.int64())
            default: try reader.skip(wireType)
            }
        }
        return (domain, version)
    }

    /// `NodeProto`: input = 1, output = 2, name = 3, op_type = 4, attribute = 5, domain = 7.
    private static func node(bytes: UnsafeRawBufferPointer, range: Range<Int>, location: String, index: Int) throws -> ONNXNode {
        var reader = ProtobufReader(bytes: bytes, range: range, location: location, context: "node \(index)")
        var inputs: [String] = [], outputs: [String] = []
        var name = "", opType = "", domain = ""
        var attributes: [String: ONNXAttribute] = [:]
        while let (number, wireType) = try reader.nextField() {
            switch (number, wireType) {
            case (1, .lengthDelimited): inputs.append(try reader.string())
            case (2, .lengthDelimited): outputs.append(try reader.string())
            case (3, .lengthDelimited): name = try reader.string()
            case (4, .lengthDelimited): opType = try reader.string()
            case (5, .lengthDelimited):
                let (key, value) = try attribute(bytes: bytes, range: try reader.lengthDelimited(), location: location,
                                                 context: "attribute of node \(index)")
                attributes[key] = value
            case (7, .lengthDelimited): domain = try reader.string()
            default: try reader.skip(wireType)
            }
        }
        return ONNXNode(name: name, opType: opType, domain: domain, inputs: inputs, outputs: outputs, attributes: attributes)
    }

    /// `AttributeProto`: name = 1, f = 2, i = 3, floats = 7, ints = 8, type = 20 (FLOAT 1, INT 2, FLOATS 6, INTS 7).
    private static func attribute(bytes: UnsafeRawBufferPointer, range: Range<Int>, location: String,
                                  context: String) throws -> (String, ONNXAttribute) {
        var reader = ProtobufReader(bytes: bytes, range: range, location: location, context: context)
        var name = "", type = 0
        var float: Float = 0, int = 0
        var ints: [UInt64] = [], floatBytes: [UInt8] = []
        while let (number, wireType) = try reader.nextField() {
            switch (number, wireType) {
            case (1, .lengthDelimited): name = try reader.string()
            case (2, .fixed32): float = Float(bitPattern: try reader.fixed32())
            case (3, .varint): int = Int(truncatingIfNeeded: try reader.int64())
            case (7, _): try reader.appendFixed(wireType, width: 4, to: &floatBytes)
            case (8, _): try reader.appendVarints(wireType, to: &ints)
            case (20, .varint): type = Int(truncatingIfNeeded: try reader.int64())
            default: try reader.skip(wireType)
            }
        }
        switch type {
        case 1: return (name, .float(float))
        case 2: return (name, .int(int))
        case 6:
            let floats = stride(from: 0, to: floatBytes.count, by: 4).map { offset in
                Float(bitPattern: UInt32(floatBytes[offset]) | UInt32(floatBytes[offset + 1]) << 8
                      | UInt32(floatBytes[offset + 2]) << 16 | UInt32(floatBytes[offset + 3]) << 24)
            }
            return (name, .floats(floats))
        case 7: return (name, .ints(ints.map { Int(truncatingIfNeeded: Int64(bitPattern: $0)) }))
        default: return (name, .other)
        }
    }
}
