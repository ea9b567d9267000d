import Foundation
import MynaCore
import MynaNN
import MynaSynthesis
import MynaTensor

/// The HiFi-GAN V1 generator on a log-mel: `myna-bench hifigan-vocode CHECKPOINT:MEL.npy`. bench/bench_vocode.py
/// computes the mel (jik876's `mel_spectrogram` of real speech), runs PyTorch's generator on it in the same run, and
/// prints the ratio.
///
/// `seconds` is one whole-mel forward pass after a warm-up pass (weights loaded, session scratch allocated); the driver
/// takes the median over processes. Facts: `load_us` (reading the checkpoint and folding weight norm), `chunked_us` (the same mel through
/// `ChunkedVocoder` with `myna vocode`'s 512-frame chunks and 16 frames of context), frame and sample counts, threads,
/// and `sum_squares_e6` (Σ y² · 10⁶ of the waveform) so the driver can check both sides made the same waveform.
enum VocodeBenchmark {
    static func run(checkpointAndMel: String) throws -> BenchmarkResult {
        let parts = checkpointAndMel.split(separator: ":", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { throw BenchmarkUsageError(message: "hifigan-vocode takes CHECKPOINT:MEL.npy") }
        let checkpoint = URL(fileURLWithPath: parts[0])
        let (vocoder, loadSeconds) = try BenchmarkResult.time {
            try HiFiGANVocoder(checkpoint: checkpoint,
                               configuration: checkpoint.deletingLastPathComponent().appendingPathComponent("config.json"))
        }
        let mel = try readNumPy(path: parts[1])
        let session = HiFiGANSession()
        _ = try vocoder.waveform(from: mel, session: session)  // warm-up: scratch allocated and touched
        let (waveform, seconds) = try BenchmarkResult.time { try vocoder.waveform(from: mel, session: session) }
        let chunker = try ChunkedVocoder(vocoder: vocoder, options: .default)
        let (_, chunkedSeconds) = try BenchmarkResult.time { _ = try chunker.append(mel); _ = try chunker.finish() }
        let squares = waveform.reduce(0.0) { $0 + Double($1) * Double($1) }
        return BenchmarkResult(benchmark: "hifigan-vocode", seconds: seconds, facts: [
            "frames": mel.frameCount, "samples": waveform.count, "threads": MynaThreads.count,
            "load_us": Int((loadSeconds * 1e6).rounded()), "chunked_us": Int((chunkedSeconds * 1e6).rounded()),
            "sum_squares_e6": Int((squares * 1e6).rounded()),
        ])
    }

    /// A 2-D little-endian float32 C-order `.npy` file (as numpy.save writes one) as a feature matrix.
    static func readNumPy(path: String) throws -> FeatureMatrix {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let bytes = [UInt8](data)
        guard bytes.count > 10, bytes[0] == 0x93, Array(bytes[1...5]) == Array("NUMPY".utf8) else {
            throw BenchmarkUsageError(message: "\(path) is not a .npy file")
        }
        let headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
        let header = String(decoding: bytes[10..<(10 + headerLength)], as: UTF8.self)
        guard header.contains("'<f4'"), header.contains("'fortran_order': False"),
              let open = header.range(of: "'shape': ("), let close = header[open.upperBound...].firstIndex(of: ")") else {
            throw BenchmarkUsageError(message: "\(path): expected a C-order float32 array, header \(header)")
        }
        let shape = header[open.upperBound..<close].split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard shape.count == 2 else { throw BenchmarkUsageError(message: "\(path): expected 2 dimensions, got \(shape)") }
        let start = 10 + headerLength
        let values = (0..<(shape[0] * shape[1])).map { i in
            Float(bitPattern: UInt32(bytes[start + 4 * i]) | UInt32(bytes[start + 4 * i + 1]) << 8
                  | UInt32(bytes[start + 4 * i + 2]) << 16 | UInt32(bytes[start + 4 * i + 3]) << 24)
        }
        return FeatureMatrix(featureCount: shape[0], frameCount: shape[1], values: values)
    }
}
