import Foundation
import Testing
import MynaCore
@testable import MynaNN
import MynaTestSupport

/// Writes CTranslate2 model.bin files for tests (format as in MODELS.md), including deliberately broken ones.
struct CTranslate2TestWriter {
    struct Variable {
        var name: String
        var code: UInt8
        var shape: [UInt32]
        var data: [UInt8]
        var byteCount: UInt32? = nil
    }

    var version: UInt32 = 6
    var spec = "MynaTestSpec"
    var revision: UInt32 = 1
    var variables: [Variable] = []
    var aliases: [(String, String)] = []

    static func string(_ text: String, into builder: inout ByteBuilder) {
        builder.u16(UInt16(text.utf8.count + 1))
        builder.ascii(text)
        builder.u8(0)
    }

    var bytes: [UInt8] {
        var builder = ByteBuilder()
        builder.u32(version)
        Self.string(spec, into: &builder)
        builder.u32(revision)
        builder.u32(UInt32(variables.count))
        for variable in variables {
            Self.string(variable.name, into: &builder)
            builder.u8(UInt8(variable.shape.count))
            for extent in variable.shape { builder.u32(extent) }
            builder.u8(variable.code)
            builder.u32(variable.byteCount ?? UInt32(variable.data.count))
            builder.append(variable.data)
        }
        builder.u32(UInt32(aliases.count))
        for (alias, target) in aliases {
            Self.string(alias, into: &builder)
            Self.string(target, into: &builder)
        }
        return builder.bytes
    }
}

@Suite("Weights: CTranslate2 model.bin")
struct WeightsCTranslate2Tests {
    func modelGolden(_ key: String) throws -> [String: Any] {
        try #require(try WeightsGolden.json("weights_ctranslate2.json")[key] as? [String: Any],
                     "weights_ctranslate2.json has no '\(key)'")
    }

    @Test("whisper tiny.en: header, 148 variables, dtypes, alias, scalars and values match the numpy reader",
          arguments: ["tiny", "base"])
    func pinnedModel(key: String) throws {
        let golden = try modelGolden(key)
        let reader = try CTranslate2ModelReader(path: try WeightsGolden.model(try #require(golden["file"] as? String)))
        #expect(reader.binaryVersion == 6)
        #expect(reader.specName == golden["spec"] as? String)
        #expect(reader.specRevision == (golden["revision"] as? Int))
        let rows = try (golden["variables"] as? [Any] ?? []).map(GoldenTensorRow.init)
        #expect(reader.names == rows.map(\.name))
        for row in rows { try expectMatches(reader, row) }
        var counts: [String: Int] = [:]
        for entry in reader.entries { counts[entry.dtype.rawValue, default: 0] += 1 }
        #expect(counts == (golden["dtypeCounts"] as? [String: Int]))
        #expect(reader.aliases == (golden["aliases"] as? [String: String]))
        for (name, values) in golden["integers"] as? [String: Any] ?? [:] {
            #expect(try reader.integers(named: name) == goldenInts(values), "\(name)")
        }
        // The alias resolves to its target's entry and values.
        let alias = try reader.entry(named: "decoder/projection/weight")
        #expect(alias.name == "decoder/embeddings/weight")
        #expect(reader.consumedNames(loading: "decoder/projection/weight") == ["decoder/embeddings/weight"])
        // CTranslate2 packs variables without padding: some data starts at an odd offset and still reads correctly.
        #expect(reader.entries.contains { ($0.fileOffset ?? 0) % 2 == 1 && $0.elementCount > 1 })
    }

    @Test("tiny.en matches MODELS.md: 148 variables, 139 float16, encoder/num_heads = 6, fused QKV shapes")
    func tinyMatchesModelsDescription() throws {
        let reader = try CTranslate2ModelReader(path: try WeightsGolden.model("whisper-tiny.en/model.bin"))
        #expect(reader.names.count == 148)
        #expect(reader.entries.filter { $0.dtype == .float16 }.count == 139)
        #expect(try reader.integers(named: "encoder/num_heads") == [6])
        #expect(reader.aliases == ["decoder/projection/weight": "decoder/embeddings/weight"])
        #expect(try reader.entry(named: "encoder/conv1/weight").shape == [384, 80, 3])
        #expect(try reader.entry(named: "encoder/position_encodings/encodings").shape == [1500, 384])
        #expect(try reader.entry(named: "encoder/layer_0/self_attention/linear_0/weight").shape == [1152, 384])
        #expect(try reader.entry(named: "encoder/layer_0/ffn/linear_0/weight").shape == [1536, 384])
        #expect(try reader.entry(named: "decoder/layer_0/attention/linear_1/weight").shape == [768, 384])
        #expect(try reader.entry(named: "decoder/embeddings/weight").shape == [51864, 384])
        let tensor = try reader.tensor(named: "encoder/conv1/weight")
        #expect(tensor.shape == [384, 80, 3])
    }

    @Test("models quantised by CTranslate2 itself dequantise to q / scale exactly, within half a step of the original",
          arguments: ["int8", "int8_float16", "int16", "float16"])
    func quantisedModel(quantization: String) throws {
        let cases = try modelGolden("quantised")
        let golden = try #require(cases[quantization] as? [String: Any])
        let reader = try CTranslate2ModelReader(path: WeightsGolden.path(try #require(golden["file"] as? String)))
        #expect(reader.specName == "MynaTinySpec")
        #expect(reader.aliases == (golden["aliases"] as? [String: String]))
        let variables = try #require(golden["variables"] as? [[String: Any]])
        #expect(reader.names == variables.compactMap { $0["name"] as? String })
        for variable in variables {
            let name = try #require(variable["name"] as? String)
            let entry = try reader.entry(named: name)
            #expect(entry.dtype.rawValue == variable["dtype"] as? String, "\(name)")
            #expect(entry.shape == goldenInts(variable["shape"]), "\(name)")
            #expect(entry.fileOffset == variable["offset"] as? Int, "\(name)")
            let floats = try reader.floats(named: name)
            #expect(sameFloats(floats, goldenDoubles(variable["floats"])), "\(name): \(floats)")
            if let bound = variable["quantisationBound"] {
                #expect(reader.scaleName(for: name) == name + "_scale")
                #expect(reader.consumedNames(loading: name) == [name, name + "_scale"])
                let original = goldenDoubles(variable["original"]), bounds = goldenDoubles(bound)
                for i in floats.indices {
                    #expect(abs(Double(floats[i]) - original[i]) <= bounds[i] * (1 + 1e-6), "\(name)[\(i)]")
                }
            }
        }
        // The alias tied/weight → dense/weight dequantises identically.
        #expect(try reader.floats(named: "tied/weight") == reader.floats(named: "dense/weight"))
    }

    @Test("every dtype code reads from odd offsets: float32, int8, int16, int32, float16, bfloat16")
    func everyDTypeUnaligned() throws {
        let misc = try WeightsGolden.json("weights_misc.json")
        let conversions = try #require(misc["conversions"] as? [String: Any])
        let bf16 = try #require(conversions["bfloat16"] as? [String: Any])
        let bf16Bits = goldenInts(bf16["bits"]).map(UInt16.init)
        var writer = CTranslate2TestWriter()
        func bytes<T>(_ values: [T]) -> [UInt8] { values.withUnsafeBytes { Array($0) } }
        writer.variables = [
            .init(name: "a", code: 0, shape: [3], data: bytes([Float(1.5), -2, 3.25])),
            .init(name: "bb", code: 1, shape: [2], data: [0xFF, 0x7F]),
            .init(name: "c", code: 2, shape: [2], data: bytes([Int16(-300), 300])),
            .init(name: "dddd", code: 3, shape: [1, 2], data: bytes([Int32(-70000), 70000])),
            .init(name: "e", code: 4, shape: [2], data: bytes([Float16(0.5).bitPattern, Float16(-65504).bitPattern])),
            .init(name: "f", code: 5, shape: [UInt32(bf16Bits.count)], data: bytes(bf16Bits)),
        ]
        writer.aliases = [("a_alias", "a")]
        let scratch = try WeightsScratch()
        let reader = try CTranslate2ModelReader(path: try scratch.write(writer.bytes))
        #expect(reader.entries.map(\.dtype) == [.float32, .int8, .int16, .int32, .float16, .bfloat16])
        #expect(reader.entries.contains { ($0.fileOffset ?? 0) % 4 != 0 })
        #expect(try reader.floats(named: "a") == [1.5, -2, 3.25])
        #expect(try reader.floats(named: "a_alias") == [1.5, -2, 3.25])
        #expect(try reader.floats(named: "bb") == [-1, 127])
        #expect(try reader.integers(named: "c") == [-300, 300])
        #expect(try reader.integers(named: "dddd") == [-70000, 70000])
        #expect(try reader.floats(named: "e") == [0.5, -65504])
        #expect(sameFloats(try reader.floats(named: "f"), goldenDoubles(bf16["values"])))
        // An int8 scalar without a scale is not a quantised weight.
        #expect(reader.scaleName(for: "bb") == nil)
    }

    @Test("corrupted model.bin files are rejected with a clear error")
    func corruptedFiles() throws {
        let scratch = try WeightsScratch()
        func valid() -> CTranslate2TestWriter {
            var writer = CTranslate2TestWriter()
            writer.variables = [.init(name: "w", code: 0, shape: [2, 2], data: [UInt8](repeating: 0, count: 16))]
            return writer
        }
        var writer = valid()
        writer.version = 5
        expectWeightError(.unsupportedFeature, mentions: ["binary version 5"]) { _ = try CTranslate2ModelReader(path: try scratch.write(writer.bytes)) }
        writer = valid()
        writer.version = 7
        expectWeightError(.wrongFormat, mentions: ["binary version 7"]) { _ = try CTranslate2ModelReader(path: try scratch.write(writer.bytes)) }
        // An absurd variable count.
        var bytes = valid().bytes
        let countOffset = 4 + 2 + "MynaTestSpec".utf8.count + 1 + 4
        bytes.replaceSubrange(countOffset..<(countOffset + 4), with: [0xFF, 0xFF, 0xFF, 0xFF])
        expectWeightError(.malformedFile, mentions: ["variable count 4294967295"]) { _ = try CTranslate2ModelReader(path: try scratch.write(bytes)) }
        // A byte count inconsistent with dtype × shape.
        writer = valid()
        writer.variables[0].byteCount = 12
        writer.variables[0].data = [UInt8](repeating: 0, count: 12)
        expectWeightError(.malformedFile, mentions: ["w", "byte count 12", "float32 × shape [2, 2]"]) {
            _ = try CTranslate2ModelReader(path: try scratch.write(writer.bytes))
        }
        // A rank that is not plausible, an unknown dtype code, a shape overflowing Int.
        writer = valid()
        writer.variables[0].shape = [UInt32](repeating: 1, count: 200)
        expectWeightError(.malformedFile, mentions: ["rank 200"]) { _ = try CTranslate2ModelReader(path: try scratch.write(writer.bytes)) }
        writer = valid()
        writer.variables[0].code = 9
        expectWeightError(.dtypeUnsupported, mentions: ["w", "dtype code 9"]) { _ = try CTranslate2ModelReader(path: try scratch.write(writer.bytes)) }
        writer = valid()
        writer.variables[0].shape = [UInt32.max, UInt32.max, UInt32.max]
        expectWeightError(.malformedFile, mentions: ["w", "byte count"]) { _ = try CTranslate2ModelReader(path: try scratch.write(writer.bytes)) }
        // 2^62 elements fit in Int, their float32 bytes (2^64) do not: found by fuzz/run ctranslate2 as an overflow trap.
        writer = valid()
        writer.variables[0].shape = [1 << 31, 1 << 31]
        expectWeightError(.malformedFile, mentions: ["w", "byte count"]) { _ = try CTranslate2ModelReader(path: try scratch.write(writer.bytes)) }
        // A data length running past the end of the file.
        writer = valid()
        writer.variables[0].shape = [1000, 1000]
        writer.variables[0].byteCount = 4_000_000
        expectWeightError(.truncated, mentions: ["4000000 data bytes of 'w'"]) { _ = try CTranslate2ModelReader(path: try scratch.write(writer.bytes)) }
        // An alias whose target does not exist, trailing garbage, a name without its NUL.
        writer = valid()
        writer.aliases = [("x", "nope")]
        expectWeightError(.malformedFile, mentions: ["x", "'nope'"]) { _ = try CTranslate2ModelReader(path: try scratch.write(writer.bytes)) }
        expectWeightError(.malformedFile, mentions: ["unexpected bytes"]) { _ = try CTranslate2ModelReader(path: try scratch.write(valid().bytes + [0])) }
        bytes = valid().bytes
        bytes[4 + 2 + "MynaTestSpec".utf8.count] = UInt8(ascii: "X")
        expectWeightError(.malformedFile, mentions: ["NUL"]) { _ = try CTranslate2ModelReader(path: try scratch.write(bytes)) }
        // A missing variable is `.missing` naming it.
        let reader = try CTranslate2ModelReader(path: try scratch.write(valid().bytes))
        expectWeightError(.missing, mentions: ["encoder/conv1/weight"]) { _ = try reader.entry(named: "encoder/conv1/weight") }
    }
}
