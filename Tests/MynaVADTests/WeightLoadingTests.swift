import Foundation
import MynaCore
import MynaNN
import MynaTestSupport
import MynaVAD
import Testing

/// Strict loading: the detector takes exactly the 15 tensors of the model, and every problem names the tensor.
@Suite("Silero VAD weight loading")
struct WeightLoadingTests {
    /// The pinned file's tensors, in file order.
    static let tensors: [(name: String, shape: [Int], values: [Float])] = {
        let archive = try! SafetensorsReader(path: VADFixtures.safetensorsPath)
        return archive.names.map { name in
            let tensor = try! archive.tensor(named: name)
            return (name, tensor.shape, tensor.values)
        }
    }()

    func loadingError(_ tensors: [(name: String, shape: [Int], values: [Float])]) -> WeightLoadingError? {
        do { _ = try SileroVoiceDetector(archive: InMemoryWeightArchive(location: "vad.safetensors", tensors: tensors)) }
        catch let error as WeightLoadingError { return error } catch { Issue.record("unexpected \(error)") }
        return nil
    }

    @Test("the pinned files: 15 tensors of silero-vad 6.2.3's 16 kHz model, from safetensors or the ONNX export")
    func pinned() throws {
        #expect(Self.tensors.count == 15)
        let detector = VADFixtures.detector
        #expect(detector.stft.shape == [258, 1, 256])
        #expect(detector.encoder.map(\.weight.shape) == [[128, 129, 3], [64, 128, 3], [64, 64, 3], [128, 64, 3]])
        #expect(detector.encoder.map(\.geometry.stride) == [1, 2, 2, 1])
        #expect(detector.lstm.hiddenSize == 128 && detector.output.weight.shape == [1, 128, 1])
        // The two files hold different weights for the same architecture (only the STFT basis is shared).
        #expect(VADFixtures.onnxDetector.stft == detector.stft)
        #expect(VADFixtures.onnxDetector.encoder[0].weight != detector.encoder[0].weight)
        // An in-memory copy loads to the same detector.
        let copy = try SileroVoiceDetector(archive: InMemoryWeightArchive(tensors: Self.tensors))
        #expect(copy.lstm.weightHH == detector.lstm.weightHH)
    }

    @Test("a missing tensor is named")
    func missing() {
        let error = loadingError(Self.tensors.filter { $0.name != "conv3.bias" })
        #expect(error?.code == .missing)
        #expect(error?.key == "conv3.bias")
        #expect(error?.description.contains("vad.safetensors: conv3.bias: the model needs this tensor with shape [64]") == true)
    }

    @Test("an unused tensor is named")
    func unused() {
        let error = loadingError(Self.tensors + [("lstm_cell.weight_extra", [2], [0, 0])])
        #expect(error?.code == .unused)
        #expect(error?.key == "lstm_cell.weight_extra")
    }

    @Test("a mis-shaped tensor is named with both shapes")
    func misshaped() {
        let tensors = Self.tensors.map { $0.name == "conv2.weight" ? ($0.name, [64, 384], $0.values) : $0 }
        let error = loadingError(tensors)
        #expect(error?.code == .shapeMismatch)
        #expect(error?.key == "conv2.weight")
        #expect(error?.expectedShape == [64, 128, 3] && error?.actualShape == [64, 384])
    }

    @Test("files that are not Silero weights: a missing file, an audio file, another model")
    func wrongFiles() throws {
        func error(_ path: String) -> WeightLoadingError? {
            do { _ = try SileroVoiceDetector(contentsOf: path) } catch let error as WeightLoadingError { return error } catch {
                Issue.record("unexpected \(error)")
            }
            return nil
        }
        #expect(error("/nonexistent/silero.safetensors")?.code == .notFound)
        #expect(error(Fixtures.shared("asr/dev/wcpp-jfk.flac"))?.code == .wrongFormat)
        let other = error(Fixtures.models.appendingPathComponent("resemblyzer-ge2e/pretrained.pt").path)
        #expect(other?.code == .missing)
        #expect(other?.key == "stft_conv.weight")
    }

    @Test("a real safetensors file written with one tensor renamed fails naming both")
    func renamedOnDisk() throws {
        let directory = try Fixtures.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("renamed.safetensors").path
        try SafetensorsBytes.write(Self.tensors.map { $0.name == "final_conv.bias" ? ("final_conv.offset", $0.shape, $0.values) : $0 }, to: path)
        do {
            _ = try SileroVoiceDetector(contentsOf: path)
            Issue.record("loading must fail")
        } catch let error as WeightLoadingError {
            #expect(error.code == .missing && error.key == "final_conv.bias")
            #expect(error.description.contains("final_conv.offset"), "the unused tensor is listed too: \(error)")
        }
    }
}

/// A minimal safetensors writer for tests: u64 header length, JSON header, float32 data.
enum SafetensorsBytes {
    static func write(_ tensors: [(name: String, shape: [Int], values: [Float])], to path: String) throws {
        var header: [String] = []
        var data = Data()
        for tensor in tensors {
            let begin = data.count
            tensor.values.withUnsafeBytes { data.append(contentsOf: $0) }
            header.append("\"\(tensor.name)\":{\"dtype\":\"F32\",\"shape\":\(tensor.shape),\"data_offsets\":[\(begin),\(data.count)]}")
        }
        let json = Data("{\(header.joined(separator: ","))}".utf8)
        var bytes = Data()
        withUnsafeBytes(of: UInt64(json.count).littleEndian) { bytes.append(contentsOf: $0) }
        bytes.append(json)
        bytes.append(data)
        try bytes.write(to: URL(fileURLWithPath: path))
    }
}
