import Foundation
import MynaCore
import MynaDSP
import Testing

@Suite("NumPy .npy export")
struct NumPyExportTests {
    @Test("header bytes equal numpy.save's for the same shape", arguments: [
        "whisper_logmel80", "ge2e_mel40", "mfcc20_librosa_defaults", "stft_hamming_magnitude",
    ])
    func headerMatchesNumPy(golden name: String) throws {
        let golden = try GoldenFile.array(name)
        let matrix = FeatureMatrix(featureCount: golden.shape[0], frameCount: golden.shape[1], values: golden.values)
        let numpyBytes = [UInt8](try Data(contentsOf: GoldenFile.directory.appendingPathComponent("\(name).npy")))
        // numpy.save wrote the golden file; ours must be the same bytes, header and data.
        #expect(matrix.numPyData() == numpyBytes)
    }

    @Test("reads back as the same matrix")
    func roundTrip() throws {
        var random = TestSignals(seed: 23)
        let matrix = FeatureMatrix(featureCount: 3, frameCount: 1001, values: random.signal(count: 3003))
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("myna-npy-\(UUID().uuidString).npy")
        defer { try? FileManager.default.removeItem(at: url) }
        try Data(matrix.numPyData()).write(to: url)
        let read = try NumPyFile.read(url)
        #expect(read.shape == [3, 1001])
        #expect(read.values == matrix.values)
        #expect((10 + Int(matrix.numPyData()[8])) % 64 == 0)
    }
}
