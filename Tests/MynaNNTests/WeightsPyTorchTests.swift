import Foundation
import Testing
import MynaCore
@testable import MynaNN
import MynaTestSupport

@Suite("Weights: PyTorch legacy checkpoints")
struct WeightsPyTorchTests {
    func golden(_ key: String) throws -> [String: Any] {
        try #require(try WeightsGolden.json("weights_pytorch.json")[key] as? [String: Any])
    }

    @Test("pinned checkpoints list the tensors, dtypes, shapes and values of Python's restricted unpickler",
          arguments: ["ge2e", "hifiganUniversal", "hifiganLJSpeech"])
    func pinnedCheckpoint(key: String) throws {
        let golden = try golden(key)
        let reader = try PyTorchCheckpointReader(path: try WeightsGolden.model(try #require(golden["file"] as? String)))
        let rows = try (golden["tensors"] as? [Any] ?? []).map(GoldenTensorRow.init)
        #expect(reader.names == rows.map(\.name))
        for row in rows { try expectMatches(reader, row) }
        #expect(reader.entries.reduce(0) { $0 + $1.elementCount } == golden["elementCount"] as? Int)
        for (name, value) in golden["integers"] as? [String: Int] ?? [:] {
            #expect(reader.integerAttributes[name] == value, "\(name)")
        }
    }

    @Test("MODELS.md facts: GE2E LSTM/linear shapes plus optimizer state; HiFi-GAN has 13.9 M weight-norm parameters")
    func modelsDescription() throws {
        let ge2e = try PyTorchCheckpointReader(path: try WeightsGolden.model("resemblyzer-ge2e/pretrained.pt"))
        #expect(try ge2e.entry(named: "model_state.lstm.weight_ih_l0").shape == [1024, 40])
        #expect(try ge2e.entry(named: "model_state.lstm.weight_hh_l0").shape == [1024, 256])
        #expect(try ge2e.entry(named: "model_state.lstm.weight_ih_l2").shape == [1024, 256])
        #expect(try ge2e.entry(named: "model_state.linear.weight").shape == [256, 256])
        #expect(try ge2e.entry(named: "model_state.similarity_weight").shape == [1])
        #expect(ge2e.names.filter { $0.hasPrefix("model_state.") }.count == 16)
        #expect(ge2e.names.contains { $0.hasPrefix("optimizer_state.state.") })
        #expect(ge2e.integerAttributes["step"] == 1_564_501)
        let hifigan = try PyTorchCheckpointReader(path: try WeightsGolden.model("hifigan-v1/generator_universal.pth.tar"))
        #expect(hifigan.names.count == 234)
        #expect(hifigan.entries.reduce(0) { $0 + $1.elementCount } == 13_936_130)
        #expect(try hifigan.entry(named: "generator.conv_pre.weight_v").shape == [512, 80, 7])
        #expect(try hifigan.entry(named: "generator.conv_pre.weight_g").shape == [512, 1, 1])
        #expect(hifigan.names.filter { $0.hasSuffix(".weight_g") }.count == hifigan.names.filter { $0.hasSuffix(".weight_v") }.count)
    }

    @Test("synthetic checkpoint: every storage type, transposed and offset views, int keys, nested dicts")
    func syntheticCheckpoint() throws {
        let golden = try golden("synthetic")
        let reader = try PyTorchCheckpointReader(path: WeightsGolden.path(try #require(golden["file"] as? String)))
        let tensors = try #require(golden["tensors"] as? [[String: Any]])
        #expect(reader.names == tensors.compactMap { $0["name"] as? String })
        for expected in tensors {
            let name = try #require(expected["name"] as? String)
            let entry = try reader.entry(named: name)
            #expect(entry.dtype.rawValue == expected["dtype"] as? String, "\(name)")
            #expect(entry.shape == goldenInts(expected["shape"]), "\(name)")
            #expect(sameFloats(try reader.floats(named: name), goldenDoubles(expected["floats"])), "\(name)")
            if let integers = expected["integers"] {
                #expect(try reader.integers(named: name) == goldenInts(integers), "\(name)")
            }
        }
        #expect(reader.integerAttributes == (golden["integers"] as? [String: Int]))
        // The transposed view is strided: no single file offset, gathered on read.
        #expect(try reader.entry(named: "model.a.weight_t").fileOffset == nil)
        #expect(try reader.entry(named: "model.a.weight").fileOffset != nil)
        try reader.withUnsafeRawBytes(of: try reader.entry(named: "model.a.weight_t")) { #expect($0.count == 48) }
    }

    /// `GLOBAL os system`, the command as a string, `TUPLE1`, `REDUCE`, `STOP`: Python's pickle would run the command.
    static func maliciousPayload(command: String) -> [UInt8] {
        var builder = ByteBuilder()
        builder.ascii("cos\nsystem\n")
        builder.u8(0x58)
        builder.u32(UInt32(command.utf8.count))
        builder.ascii(command)
        builder.append([0x85, 0x52, 0x2E])
        return builder.bytes
    }

    @Test("a pickle that would run a shell command is refused and runs nothing, bare or inside a checkpoint")
    func maliciousPickleRefused() throws {
        let golden = try golden("malicious")
        // The payload built here is byte for byte the one the golden script shows Python would execute.
        let goldenCommand = try #require(golden["command"] as? String)
        let hex = Self.maliciousPayload(command: goldenCommand).map { String(format: "%02x", $0) }.joined()
        #expect(hex == golden["payloadHex"] as? String)
        let calls = try #require(golden["pythonWouldCall"] as? [[String: Any]])
        #expect(["posix.system", "os.system"].contains(calls.first?["resolvesTo"] as? String ?? ""))

        let scratch = try WeightsScratch()
        let canary = scratch.url.appendingPathComponent("pwned").path
        let payload = Self.maliciousPayload(command: "touch \(canary)")
        expectWeightError(.refusedPickle, mentions: ["os.system", "offset 0", "nothing was executed"]) {
            _ = try PyTorchCheckpointReader(path: try scratch.write(payload, name: "bare.pt"))
        }
        // Inside a legacy checkpoint: the genuine magic, protocol and system-info pickles, then the payload as the object.
        let synthetic = try [UInt8](Data(contentsOf: URL(fileURLWithPath: WeightsGolden.path("weights_pt_synthetic.pt"))))
        let headerEnd = try synthetic.withUnsafeBytes { raw in
            var unpickler = RestrictedUnpickler(cursor: ByteCursor(bytes: raw, location: "synthetic"))
            for _ in 0..<3 { _ = try unpickler.load() }
            return unpickler.offset
        }
        let wrapped = Array(synthetic[..<headerEnd]) + payload
        expectWeightError(.refusedPickle, mentions: ["os.system", "offset \(headerEnd)"]) {
            _ = try PyTorchCheckpointReader(path: try scratch.write(wrapped, name: "wrapped.pt"))
        }
        // Nested inside an otherwise valid state dict, after a key.
        var nested = ByteBuilder()
        nested.append(Array(synthetic[..<headerEnd]))
        nested.append([0x80, 0x02, 0x7D, 0x58])
        nested.u32(3)
        nested.ascii("key")
        nested.append(Array(payload.dropLast()) + [0x73, 0x2E])
        expectWeightError(.refusedPickle, mentions: ["os.system"]) {
            _ = try PyTorchCheckpointReader(path: try scratch.write(nested.bytes, name: "nested.pt"))
        }
        #expect(!FileManager.default.fileExists(atPath: canary), "the command ran")
    }

    @Test("globals and opcodes outside the state-dict subset are refused by name", arguments: [
        ("cbuiltins\neval\n", "builtins.eval"),
        ("csubprocess\nPopen\n", "subprocess.Popen"),
        ("cposix\nsystem\n", "posix.system"),
        ("ctorch._utils\n_rebuild_parameter\n", "torch._utils._rebuild_parameter"),
        ("ctorch\nload\n", "torch.load"),
        ("ccollections\ndefaultdict\n", "collections.defaultdict"),
    ])
    func refusedGlobals(global: String, name: String) throws {
        let scratch = try WeightsScratch()
        let bytes = [0x80, 0x02] + Array(global.utf8) + [0x29, 0x52, 0x2E]
        expectWeightError(.refusedPickle, mentions: ["global \(name)"]) { _ = try PyTorchCheckpointReader(path: try scratch.write(bytes)) }
    }

    @Test("opcodes a state dict never needs are refused", arguments: [
        (UInt8(0x69), "INST"), (0x6F, "OBJ"), (0x81, "NEWOBJ"), (0x93, "STACK_GLOBAL"), (0x50, "PERSID"),
        (0x92, "NEWOBJ_EX"), (0x82, "EXT1"), (0x30, "POP"), (0x49, "INT"), (0xFF, "unknown opcode 0xff"),
    ])
    func refusedOpcodes(opcode: UInt8, name: String) throws {
        let scratch = try WeightsScratch()
        expectWeightError(.refusedPickle, mentions: [name, "offset 2"]) {
            _ = try PyTorchCheckpointReader(path: try scratch.write([0x80, 0x02, opcode, 0x2E]))
        }
    }

    @Test("zip checkpoints, foreign files and inconsistent storages are rejected clearly")
    func malformedCheckpoints() throws {
        let scratch = try WeightsScratch()
        expectWeightError(.unsupportedFeature, mentions: ["zip", "_use_new_zipfile_serialization=False"]) {
            _ = try PyTorchCheckpointReader(path: try scratch.write([0x50, 0x4B, 0x03, 0x04, 0, 0, 0, 0]))
        }
        // A plain pickle that is not a checkpoint.
        expectWeightError(.wrongFormat, mentions: ["not a PyTorch legacy checkpoint"]) {
            _ = try PyTorchCheckpointReader(path: try scratch.write([0x80, 0x02, 0x4B, 0x07, 0x2E]))
        }
        // Stack underflow, an unknown memo index.
        expectWeightError(.malformedFile, mentions: ["stack underflow"]) {
            _ = try PyTorchCheckpointReader(path: try scratch.write([0x80, 0x02, 0x85, 0x2E]))
        }
        expectWeightError(.malformedFile, mentions: ["memo index 9"]) {
            _ = try PyTorchCheckpointReader(path: try scratch.write([0x80, 0x02, 0x68, 0x09, 0x2E]))
        }
        // The synthetic checkpoint with bytes appended, and with its first storage's element count changed.
        let synthetic = try [UInt8](Data(contentsOf: URL(fileURLWithPath: WeightsGolden.path("weights_pt_synthetic.pt"))))
        expectWeightError(.malformedFile, mentions: ["3 unexpected bytes after the last storage"]) {
            _ = try PyTorchCheckpointReader(path: try scratch.write(synthetic + [1, 2, 3]))
        }
        let storagesStart = try synthetic.withUnsafeBytes { raw in
            var unpickler = RestrictedUnpickler(cursor: ByteCursor(bytes: raw, location: "synthetic"))
            for _ in 0..<5 { _ = try unpickler.load() }
            return unpickler.offset
        }
        var changed = synthetic
        changed[storagesStart] &+= 1
        expectWeightError(.malformedFile, mentions: ["storage '900' holds 21 elements, the pickle says 20"]) {
            _ = try PyTorchCheckpointReader(path: try scratch.write(changed))
        }
    }
}
