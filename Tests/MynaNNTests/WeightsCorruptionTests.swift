import Foundation
import Testing
import MynaCore
@testable import MynaNN
import MynaTestSupport

/// Truncated, bit-flipped and foreign files against every reader: always a `WeightLoadingError`, never a crash or an
/// out-of-bounds read (each length is checked against the mapped size).
@Suite("Weights: truncated, corrupted and foreign files")
struct WeightsCorruptionTests {
    /// A small valid file of each format (written by the Python reference tools) and its reader.
    static let samples: [(file: String, open: @Sendable (String) throws -> any WeightArchive)] = [
        ("weights_ct2_int8.bin", { try CTranslate2ModelReader(path: $0) }),
        ("weights_ct2_float16.bin", { try CTranslate2ModelReader(path: $0) }),
        ("weights_onnx_typed.onnx", { try ONNXModelReader(path: $0) }),
        ("weights_pt_synthetic.pt", { try PyTorchCheckpointReader(path: $0) }),
        ("weights_safetensors_synthetic.safetensors", { try SafetensorsReader(path: $0) }),
    ]

    static func bytes(_ file: String) throws -> [UInt8] {
        try [UInt8](Data(contentsOf: URL(fileURLWithPath: WeightsGolden.path(file))))
    }

    @Test("every proper prefix of a valid file is rejected", arguments: 0..<5)
    func everyTruncation(sample: Int) throws {
        let (file, open) = Self.samples[sample]
        let bytes = try Self.bytes(file)
        let scratch = try WeightsScratch()
        try readEverything(try open(try scratch.write(bytes)))
        var accepted: [Int] = []
        var otherErrors: [String] = []
        for length in 0..<bytes.count {
            let path = try scratch.write(Array(bytes[..<length]))
            do {
                _ = try open(path)
                accepted.append(length)
            } catch let error as WeightLoadingError {
                if error.description.contains("\n") { otherErrors.append("multi-line: \(error)") }
            } catch {
                otherErrors.append("\(length): \(error)")
            }
        }
        #expect(accepted.isEmpty, "\(file): prefixes of \(accepted.prefix(5)) bytes were accepted")
        #expect(otherErrors.isEmpty, "\(otherErrors.prefix(3))")
        // The empty file in particular says so.
        expectWeightError(.truncated) { _ = try open(try scratch.write([])) }
    }

    @Test("flipping any single byte never crashes: the file is rejected or reads in bounds", arguments: 0..<5)
    func everyByteFlip(sample: Int) throws {
        let (file, open) = Self.samples[sample]
        let bytes = try Self.bytes(file)
        let scratch = try WeightsScratch()
        var otherErrors: [String] = []
        var rejected = 0
        for position in bytes.indices {
            for mask: UInt8 in [0xFF, 0x80] {
                var corrupted = bytes
                corrupted[position] ^= mask
                do {
                    try readEverything(try open(try scratch.write(corrupted)))
                } catch is WeightLoadingError {
                    rejected += 1
                } catch {
                    otherErrors.append("\(position): \(error)")
                }
            }
        }
        #expect(otherErrors.isEmpty, "\(file): \(otherErrors.prefix(3))")
        #expect(rejected > 0, "\(file): no corruption was detected at all")
    }

    @Test("a FLAC, a JSON file and other formats' weight files are named as such by each reader")
    func foreignFiles() throws {
        let scratch = try WeightsScratch()
        let flacPath = Fixtures.shared("asr/dev/coqui-LJ001-0001.flac")
        let flac = try #require(FileManager.default.contents(atPath: flacPath).map { [UInt8]($0) },
                                "shared data missing at \(flacPath)")
        for (name, open) in allWeightReaders {
            expectWeightError(.wrongFormat, mentions: ["FLAC"]) { _ = try open(try scratch.write(flac, name: "model.bin")) }
            expectWeightError(.wrongFormat, mentions: ["JSON"]) { _ = try open(try scratch.write(Array("{\"a\": 1}".utf8), name: "config.json")) }
            _ = name
        }
        // Each reader given another reader's file.
        let ct2 = WeightsGolden.path("weights_ct2_int8.bin"), onnx = WeightsGolden.path("weights_onnx_typed.onnx")
        let pt = WeightsGolden.path("weights_pt_synthetic.pt"), st = WeightsGolden.path("weights_safetensors_synthetic.safetensors")
        expectWeightError(.wrongFormat, mentions: ["pickle"]) { _ = try CTranslate2ModelReader(path: pt) }
        expectWeightError(.wrongFormat, mentions: ["safetensors"]) { _ = try CTranslate2ModelReader(path: st) }
        expectWeightError(.wrongFormat, mentions: ["CTranslate2"]) { _ = try ONNXModelReader(path: ct2) }
        expectWeightError(.wrongFormat, mentions: ["safetensors"]) { _ = try PyTorchCheckpointReader(path: st) }
        expectWeightError(.wrongFormat, mentions: ["CTranslate2"]) { _ = try PyTorchCheckpointReader(path: ct2) }
        expectWeightError(.wrongFormat, mentions: ["pickle"]) { _ = try SafetensorsReader(path: pt) }
        expectWeightError(.wrongFormat) { _ = try SafetensorsReader(path: onnx) }
        expectWeightError(.wrongFormat) { _ = try CTranslate2ModelReader(path: onnx) }
    }

    @Test("missing paths and directories fail with the path and the failing call")
    func unreadablePaths() throws {
        let scratch = try WeightsScratch()
        let missing = scratch.url.appendingPathComponent("nope.bin").path
        for (_, open) in allWeightReaders {
            expectWeightError(.notFound, mentions: [missing, "open failed: errno 2"]) { _ = try open(missing) }
            expectWeightError(.unreadable, mentions: ["is a folder"]) { _ = try open(scratch.url.path) }
        }
    }

    @Test("WeightFileFormat detects each format and opens it with the right reader")
    func formatDetection() throws {
        #expect(try WeightFileFormat.detect(path: WeightsGolden.path("weights_ct2_int8.bin")) == .ctranslate2)
        #expect(try WeightFileFormat.detect(path: WeightsGolden.path("weights_onnx_typed.onnx")) == .onnx)
        #expect(try WeightFileFormat.detect(path: WeightsGolden.path("weights_pt_synthetic.pt")) == .pytorchLegacy)
        #expect(try WeightFileFormat.detect(path: WeightsGolden.path("weights_safetensors_synthetic.safetensors")) == .safetensors)
        #expect(try WeightFileFormat.open(path: WeightsGolden.path("weights_onnx_typed.onnx")) is ONNXModelReader)
        let scratch = try WeightsScratch()
        expectWeightError(.wrongFormat, mentions: ["unrecognised weight file"]) {
            _ = try WeightFileFormat.detect(path: try scratch.write([1, 2, 3], name: "x.dat"))
        }
        expectWeightError(.wrongFormat, mentions: ["FLAC"]) {
            _ = try WeightFileFormat.open(path: try scratch.write(Array("fLaC....".utf8), name: "model.bin"))
        }
    }
}
