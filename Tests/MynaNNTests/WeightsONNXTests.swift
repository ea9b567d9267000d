import Foundation
import Testing
import MynaCore
@testable import MynaNN
import MynaTestSupport

/// Builds protobuf messages for hand-made (and broken) ONNX files.
struct ProtobufBuilder {
    var bytes: [UInt8] = []

    mutating func varint(_ value: UInt64) {
        var value = value
        while value >= 0x80 { bytes.append(UInt8(value & 0x7F) | 0x80); value >>= 7 }
        bytes.append(UInt8(value))
    }

    mutating func key(_ field: Int, _ wireType: Int) { varint(UInt64(field << 3 | wireType)) }
    mutating func int(_ field: Int, _ value: Int64) { key(field, 0); varint(UInt64(bitPattern: value)) }
    mutating func bytes(_ field: Int, _ payload: [UInt8]) { key(field, 2); varint(UInt64(payload.count)); bytes += payload }
    mutating func string(_ field: Int, _ text: String) { bytes(field, Array(text.utf8)) }
    mutating func message(_ field: Int, _ build: (inout ProtobufBuilder) -> Void) {
        var inner = ProtobufBuilder()
        build(&inner)
        bytes(field, inner.bytes)
    }

    /// A ModelProto (ir_version 8, opset 15) whose graph holds `initializers` (each built by the closure).
    static func model(_ initializers: [(inout ProtobufBuilder) -> Void]) -> [UInt8] {
        var model = ProtobufBuilder()
        model.int(1, 8)
        model.message(7) { graph in
            for initializer in initializers { graph.message(5, initializer) }
        }
        model.message(8) { opset in opset.int(2, 15) }
        return model.bytes
    }
}

@Suite("Weights: ONNX")
struct WeightsONNXTests {
    func golden(_ key: String) throws -> [String: Any] {
        try #require(try WeightsGolden.json("weights_onnx.json")[key] as? [String: Any])
    }

    @Test("Piper voice: opset 15, 2755 nodes, 401 initializers with names, dtypes, shapes and values of the onnx package")
    func piperVoice() throws {
        let golden = try golden("piper")
        let reader = try ONNXModelReader(path: try WeightsGolden.model(try #require(golden["file"] as? String)))
        #expect(reader.irVersion == golden["irVersion"] as? Int)
        #expect(reader.producerName == golden["producer"] as? String)
        #expect(reader.producerVersion == golden["producerVersion"] as? String)
        #expect(reader.opsetImports == (golden["opsets"] as? [String: Int]))
        #expect(reader.opsetVersion == 15)
        #expect(reader.nodes.count == 2755)
        #expect(reader.nodes.count == golden["nodeCount"] as? Int)
        // MODELS.md says 51 op types; the onnx package counts 50 distinct op_type values in this file.
        #expect(reader.opTypes.sorted() == (golden["opTypes"] as? [String]))
        #expect(reader.names.count == 401)
        let rows = try (golden["initializers"] as? [Any] ?? []).map(GoldenTensorRow.init)
        #expect(reader.names == rows.map(\.name))
        for row in rows { try expectMatches(reader, row) }
        #expect(try reader.entry(named: "sid").shape == [256, 192])
        #expect(try reader.entry(named: "enc_p.encoder.attn_layers.0.conv_q.weight").dtype == .float32)
        // Graph inputs and output as declared.
        let inputs = try #require(golden["inputs"] as? [[String: Any]])
        #expect(reader.inputs.map(\.name) == inputs.compactMap { $0["name"] as? String })
        #expect(reader.inputs.map(\.name) == ["input", "input_lengths", "scales"])
        for (info, expected) in zip(reader.inputs + reader.outputs, inputs + (golden["outputs"] as? [[String: Any]] ?? [])) {
            #expect(info.elementTypeCode == expected["elementType"] as? Int, "\(info.name)")
            let shape = (info.shape ?? []).map { dimension -> String in
                switch dimension {
                case .value(let value): String(value)
                case .symbol(let name): name
                case .unknown: "?"
                }
            }
            let expectedShape = (expected["shape"] as? [Any] ?? []).map { "\($0)" }
            #expect(shape == expectedShape, "\(info.name)")
        }
        #expect(reader.inputs.first?.elementType == .int64)
    }

    @Test("renamed weights (onnx::Conv_NNNN) trace to the node and input position that consume them")
    func renamedWeightsTraceToNodes() throws {
        let golden = try golden("piper")
        let reader = try ONNXModelReader(path: try WeightsGolden.model(try #require(golden["file"] as? String)))
        let renamed = try #require(golden["renamedConsumers"] as? [String: [[String: Any]]])
        #expect(renamed.count == reader.names.filter { $0.hasPrefix("onnx::") }.count)
        let sample = try #require(golden["sampleConsumers"] as? [String: [[String: Any]]])
        for (name, uses) in renamed.merging(sample, uniquingKeysWith: { a, _ in a }) {
            let actual = reader.consumers(of: name)
            #expect(actual.map(\.nodeIndex) == uses.compactMap { $0["node"] as? Int }, "\(name)")
            #expect(actual.map(\.nodeName) == uses.compactMap { $0["name"] as? String }, "\(name)")
            #expect(actual.map(\.opType) == uses.compactMap { $0["opType"] as? String }, "\(name)")
            #expect(actual.map(\.inputIndex) == uses.compactMap { $0["input"] as? Int }, "\(name)")
        }
        // The example of MODELS.md: a weight-norm-folded convolution named by its consumer.
        let flowConv = reader.names.filter { name in
            reader.consumers(of: name).contains { $0.nodeName == "/flow/flows.0/enc/in_layers.0/Conv" && $0.inputIndex == 1 }
        }
        #expect(flowConv.count == 1 && flowConv[0].hasPrefix("onnx::Conv_"), "\(flowConv)")
    }

    @Test("typed fields (float_data, int32_data for int8/float16/bfloat16, int64_data, double_data, uint64_data) decode like the onnx package")
    func typedFields() throws {
        let golden = try golden("typed")
        let reader = try ONNXModelReader(path: WeightsGolden.path(try #require(golden["file"] as? String)))
        let initializers = try #require(golden["initializers"] as? [[String: Any]])
        #expect(reader.names == initializers.compactMap { $0["name"] as? String })
        for expected in initializers {
            let name = try #require(expected["name"] as? String)
            let entry = try reader.entry(named: name)
            #expect(entry.shape == goldenInts(expected["shape"]), "\(name)")
            #expect(ONNXDataType.weightDType(code: try #require(expected["dataType"] as? Int)) == entry.dtype, "\(name)")
            #expect((entry.fileOffset != nil) == (expected["storage"] as? String == "raw_data"), "\(name)")
            #expect(sameFloats(try reader.floats(named: name), goldenDoubles(expected["floats"])), "\(name)")
            if let integers = expected["integers"] {
                #expect(try reader.integers(named: name) == goldenInts(integers), "\(name)")
            }
        }
        let consumers = try #require(golden["consumers"] as? [String: [[String: Any]]])
        for (name, uses) in consumers {
            let actual = reader.consumers(of: name)
            #expect(actual.map(\.nodeName) == uses.compactMap { $0["name"] as? String })
            #expect(actual.map(\.inputIndex) == uses.compactMap { $0["input"] as? Int })
        }
        #expect(reader.inputs.first?.shape == [.value(1), .symbol("T")])
    }

    @Test("a tensor stored in external data is refused with the data file's name")
    func externalData() throws {
        let golden = try golden("external")
        expectWeightError(.unsupportedFeature, mentions: ["w", "external", try #require(golden["location"] as? String)]) {
            _ = try ONNXModelReader(path: WeightsGolden.path(try #require(golden["file"] as? String)))
        }
        // data_location = EXTERNAL alone is refused as well.
        let bytes = ProtobufBuilder.model([{ t in t.int(1, 2); t.int(2, 1); t.string(8, "w"); t.int(14, 1) }])
        let scratch = try WeightsScratch()
        expectWeightError(.unsupportedFeature, mentions: ["w", "external"]) { _ = try ONNXModelReader(path: try scratch.write(bytes)) }
    }

    @Test("hand-made initializers: packed and unpacked typed fields, inconsistent sizes, bad wire data")
    func handMadeFiles() throws {
        let scratch = try WeightsScratch()
        // Unpacked float_data (one fixed32 field per value) is as valid as packed.
        var bytes = ProtobufBuilder.model([{ t in
            t.int(1, 2); t.int(2, 1); t.string(8, "unpacked")
            for value in [Float(1.5), -2] { t.key(4, 5); withUnsafeBytes(of: value.bitPattern.littleEndian) { t.bytes += $0 } }
        }])
        #expect(try ONNXModelReader(path: try scratch.write(bytes)).floats(named: "unpacked") == [1.5, -2])
        // raw_data whose size does not match dtype × shape.
        bytes = ProtobufBuilder.model([{ t in t.int(1, 3); t.int(2, 1); t.string(8, "short"); t.bytes(9, [0, 0, 0, 0]) }])
        expectWeightError(.malformedFile, mentions: ["short", "raw_data has 4 bytes", "needs 12"]) { _ = try ONNXModelReader(path: try scratch.write(bytes)) }
        // Typed values whose count does not match the shape.
        bytes = ProtobufBuilder.model([{ t in t.int(1, 3); t.int(2, 7); t.string(8, "few"); t.message(7) { $0.varint(1); $0.varint(2) } }])
        expectWeightError(.malformedFile, mentions: ["few", "2 values for 3 elements"]) { _ = try ONNXModelReader(path: try scratch.write(bytes)) }
        // A negative dimension, an unsupported element type, a string tensor.
        bytes = ProtobufBuilder.model([{ t in t.int(1, -3); t.int(2, 1); t.string(8, "neg") }])
        expectWeightError(.malformedFile, mentions: ["neg", "dims [-3]"]) { _ = try ONNXModelReader(path: try scratch.write(bytes)) }
        bytes = ProtobufBuilder.model([{ t in t.int(1, 1); t.int(2, 17); t.string(8, "fp8"); t.bytes(9, [0]) }])
        expectWeightError(.dtypeUnsupported, mentions: ["fp8", "FLOAT8E4M3FN"]) { _ = try ONNXModelReader(path: try scratch.write(bytes)) }
        bytes = ProtobufBuilder.model([{ t in t.int(1, 1); t.int(2, 8); t.string(8, "text"); t.bytes(6, Array("hi".utf8)) }])
        expectWeightError(.dtypeUnsupported, mentions: ["text", "STRING"]) { _ = try ONNXModelReader(path: try scratch.write(bytes)) }
        // A shape far larger than the file.
        bytes = ProtobufBuilder.model([{ t in t.int(1, 1 << 30); t.int(1, 1 << 30); t.int(2, 1); t.string(8, "huge") }])
        expectWeightError(.malformedFile, mentions: ["huge", "larger than the whole file"]) { _ = try ONNXModelReader(path: try scratch.write(bytes)) }
        // A varint longer than 10 bytes, a protobuf group, a length running past its message.
        expectWeightError(.malformedFile, mentions: ["varint longer than 10 bytes"]) {
            _ = try ONNXModelReader(path: try scratch.write([0x08] + [UInt8](repeating: 0xFF, count: 11) + [0x01]))
        }
        expectWeightError(.malformedFile, mentions: ["wire type 3"]) { _ = try ONNXModelReader(path: try scratch.write([0x08, 0x08, 0x0B])) }
        expectWeightError(.truncated, mentions: ["runs past the end"]) { _ = try ONNXModelReader(path: try scratch.write([0x08, 0x08, 0x3A, 0x7F, 0x00])) }
        // Valid protobuf that is not a model, an ONNX file without opset_import, a duplicated initializer.
        expectWeightError(.wrongFormat, mentions: ["no ir_version"]) { _ = try ONNXModelReader(path: try scratch.write([0x10, 0x01])) }
        var model = ProtobufBuilder()
        model.int(1, 8)
        model.message(7) { _ in }
        expectWeightError(.malformedFile, mentions: ["opset_import"]) { _ = try ONNXModelReader(path: try scratch.write(model.bytes)) }
        let twice: (inout ProtobufBuilder) -> Void = { t in t.int(2, 1); t.string(8, "dup"); t.bytes(9, [0, 0, 0, 0]) }
        expectWeightError(.malformedFile, mentions: ["dup", "twice"]) { _ = try ONNXModelReader(path: try scratch.write(ProtobufBuilder.model([twice, twice]))) }
    }
}
