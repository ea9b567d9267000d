import Foundation
import Testing
import MynaCore
@testable import MynaNN
import MynaTestSupport

@Suite("Weights: safetensors")
struct WeightsSafetensorsTests {
    func golden(_ key: String) throws -> [String: Any] {
        try #require(try WeightsGolden.json("weights_safetensors.json")[key] as? [String: Any])
    }

    /// A safetensors file from a header JSON string and data bytes.
    static func file(header: String, data: [UInt8]) -> [UInt8] {
        var builder = ByteBuilder()
        builder.u64(UInt64(header.utf8.count))
        builder.ascii(header)
        builder.append(data)
        return builder.bytes
    }

    @Test("Silero VAD: 15 float32 tensors with the shapes and values of the safetensors package")
    func sileroVAD() throws {
        let golden = try golden("silero")
        let reader = try SafetensorsReader(path: try WeightsGolden.model(try #require(golden["file"] as? String)))
        let rows = try (golden["tensors"] as? [Any] ?? []).map(GoldenTensorRow.init)
        #expect(reader.names.count == 15)
        #expect(reader.names.sorted() == rows.map(\.name))
        for row in rows { try expectMatches(reader, row) }
        #expect(reader.entries.allSatisfy { $0.dtype == .float32 })
        #expect(reader.names.first == "stft_conv.weight")  // data order
        #expect(try reader.entry(named: "stft_conv.weight").shape == [258, 1, 256])
        #expect(try reader.entry(named: "lstm_cell.weight_ih").shape == [512, 128])
        #expect(try reader.entry(named: "final_conv.weight").shape == [1, 128, 1])
        #expect(try reader.entry(named: "stft_conv.weight").fileOffset == 8 + (golden["headerLength"] as? Int ?? -1))
        #expect(reader.metadata.isEmpty)
    }

    @Test("synthetic file with __metadata__ and every dtype reads like the safetensors package")
    func syntheticFile() throws {
        let golden = try golden("synthetic")
        let reader = try SafetensorsReader(path: WeightsGolden.path(try #require(golden["file"] as? String)))
        #expect(reader.metadata == (golden["metadata"] as? [String: String]))
        let tensors = try #require(golden["tensors"] as? [[String: Any]])
        #expect(reader.names.sorted() == tensors.compactMap { $0["name"] as? String })
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
    }

    @Test("inconsistent headers are rejected with the tensor named")
    func malformedHeaders() throws {
        let scratch = try WeightsScratch()
        let four = [UInt8](repeating: 0, count: 4)
        func open(_ header: String, _ data: [UInt8] = [UInt8](repeating: 0, count: 4)) throws {
            _ = try SafetensorsReader(path: try scratch.write(Self.file(header: header, data: data)))
        }
        try open(#"{"x":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}"#, four)
        expectWeightError(.truncated, mentions: ["x", "data_offsets [0, 8]"]) { try open(#"{"x":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#) }
        expectWeightError(.malformedFile, mentions: ["x", "span 4 bytes", "needs 8"]) { try open(#"{"x":{"dtype":"F32","shape":[2],"data_offsets":[0,4]}}"#) }
        expectWeightError(.malformedFile, mentions: ["x", "outside"]) { try open(#"{"x":{"dtype":"F32","shape":[1],"data_offsets":[4,0]}}"#) }
        expectWeightError(.dtypeUnsupported, mentions: ["x", "F8_E4M3"]) { try open(#"{"x":{"dtype":"F8_E4M3","shape":[4],"data_offsets":[0,4]}}"#) }
        expectWeightError(.malformedFile, mentions: ["overlaps"]) {
            try open(#"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"I16","shape":[1],"data_offsets":[2,4]}}"#)
        }
        expectWeightError(.malformedFile, mentions: ["not valid safetensors JSON"]) { try open(#"{"x":{"dtype":"F32","shape":[1],"#) }
        expectWeightError(.malformedFile, mentions: ["invalid shape"]) { try open(#"{"x":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}}"#) }
        // A header length beyond the file, and beyond the 100 MB limit.
        var builder = ByteBuilder()
        builder.u64(1000)
        builder.ascii("{}")
        expectWeightError(.truncated, mentions: ["1000-byte JSON header"]) { _ = try SafetensorsReader(path: try scratch.write(builder.bytes)) }
        builder = ByteBuilder()
        builder.u64(UInt64.max)
        builder.ascii("{}")
        expectWeightError(.malformedFile, mentions: ["exceeds"]) { _ = try SafetensorsReader(path: try scratch.write(builder.bytes)) }
    }
}
