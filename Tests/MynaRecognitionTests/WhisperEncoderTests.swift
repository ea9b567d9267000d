import Foundation
import MynaAudioFile
import MynaCore
import MynaDSP
import MynaRecognition
import MynaTensor
import MynaTestSupport
import Testing

/// The encoder against CTranslate2's (faster-whisper's) encoder output for the first window of the JFK clip
/// (`encoder_jfk` in scripts/goldens/whisper_goldens.py).
@Suite struct WhisperEncoderTests {
    struct Golden: Decodable {
        struct Encoder: Decodable {
            var shape: [Int]
            var rows: [String: [Float]]
            var row_means: [Float]
            var row_norms: [Float]
        }
        var encoder_jfk: Encoder
    }

    static func model(_ name: String) throws -> WhisperModel {
        let folder = Fixtures.models.appendingPathComponent(name)
        try #require(FileManager.default.fileExists(atPath: folder.appendingPathComponent("model.bin").path),
                     "\(folder.path) is missing: run scripts/setup.sh (make setup) to fetch the models")
        return try WhisperModel(directory: folder)
    }

    /// faster-whisper's first window: log-mel of the whole file padded by 160 zeros, first 3000 frames, zero-padded.
    static func firstWindow(_ path: String, melCount: Int) throws -> Tensor {
        let audio = try SoundFileReader.readAll(path: path)
        let mel = try WhisperLogMelExtractor(melCount: melCount, paddingSampleCount: 160).extract(audio.samples)
        let frames = WhisperLogMelExtractor.windowFrameCount
        var window = [Float](repeating: 0, count: melCount * frames)
        for bin in 0..<melCount {
            for frame in 0..<min(frames, mel.frameCount) { window[bin * frames + frame] = mel[bin, frame] }
        }
        return Tensor(shape: [melCount, frames], values: window)
    }

    @Test(arguments: ["whisper-tiny.en", "whisper-base"])
    func matchesCTranslate2(model name: String) throws {
        let url = try #require(Bundle.module.url(forResource: "faster_whisper_\(name)", withExtension: "json", subdirectory: "Golden"))
        let golden = try JSONDecoder().decode(Golden.self, from: Data(contentsOf: url)).encoder_jfk
        let model = try Self.model(name)
        let encoded = model.encoder(try Self.firstWindow(Fixtures.shared("asr/dev/wcpp-jfk.flac"), melCount: model.configuration.nMels))
        #expect(encoded.shape == golden.shape)
        // CTranslate2 sums in another order (and its own GEMM kernels); encoder outputs are O(1), so 2e-3 absolute
        // is far below any effect on decoding while catching every structural error (which gives O(1) differences).
        for (row, expected) in golden.rows {
            let r = try #require(Int(row))
            assertClose(Array(encoded.row(r).values.prefix(expected.count)), expected, atol: 2e-3, "row \(r)")
        }
        let values = encoded.values
        let d = encoded.shape[1]
        var means: [Float] = [], norms: [Float] = []
        for r in stride(from: 0, to: encoded.shape[0], by: 50) {
            let row = values[(r * d)..<((r + 1) * d)]
            means.append(row.reduce(0, +) / Float(d))
            norms.append(row.reduce(0) { $0 + $1 * $1 }.squareRoot())
        }
        assertClose(means, golden.row_means, atol: 1e-4, "row means")
        assertClose(norms, golden.row_norms, atol: 0, rtol: 1e-3, "row norms")
    }
}
