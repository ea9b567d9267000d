import Foundation
import MynaCore

/// Mel-frequency cepstral coefficients equal to `librosa.feature.mfcc` (librosa 0.11): the mel power spectrogram
/// (`MelSpectrogramOptions`), `power_to_db(S, ref=1.0, amin=1e-10, top_db=80)`, then the orthonormal DCT-II
/// along the mel axis (`scipy.fftpack.dct(type=2, norm="ortho")`), keeping the first `coefficientCount`.
///
/// Thread-safety: immutable and `Sendable`.
public struct MFCCExtractor: FeatureExtractor {
    public let melOptions: MelSpectrogramOptions
    /// `n_mfcc` (librosa default 20).
    public let coefficientCount: Int
    /// `top_db`: values below the whole signal's maximum minus this many dB are raised to it; `nil` disables it
    /// (needed for streaming, where the maximum is not known yet).
    public let topDecibels: Float?
    /// `amin`: the power floor before the logarithm.
    public static let powerFloor: Float = 1e-10
    public var sampleRate: Int { melOptions.sampleRate }
    let pipeline: SpectralPipeline
    /// (coefficientCount, melCount) orthonormal DCT-II rows.
    let dctMatrix: [Float]

    /// - Throws: `ConfigurationError` naming the field that cannot work.
    public init(melOptions: MelSpectrogramOptions, coefficientCount: Int = 20, topDecibels: Float? = 80,
                threadCount: Int = DSPThreads.all) throws {
        guard (1...melOptions.melCount).contains(coefficientCount) else {
            throw ConfigurationError(field: "coefficientCount",
                                     message: "\(coefficientCount) must be between 1 and the mel count \(melOptions.melCount)")
        }
        if let topDecibels, !(topDecibels >= 0) {
            throw ConfigurationError(field: "topDecibels", message: "\(topDecibels) must be at least 0 (or nil to disable)")
        }
        self.melOptions = melOptions
        self.coefficientCount = coefficientCount
        self.topDecibels = topDecibels
        pipeline = try SpectralPipeline(sampleRate: melOptions.sampleRate, options: melOptions.stftOptions,
                                        scale: melOptions.scale, filterbank: try melOptions.makeFilterbank(),
                                        compression: .decibels(floor: Self.powerFloor), threadCount: threadCount)
        dctMatrix = Self.orthonormalDCT(rows: coefficientCount, size: melOptions.melCount)
    }

    /// `coefficientCount × frames` coefficients.
    /// - Throws: `FeatureError` for empty, too short or non-finite audio.
    public func extract(_ samples: [Float]) throws -> FeatureMatrix {
        var (decibels, maximum) = try pipeline.runWithMaximum(samples)
        if let topDecibels {
            decibels.values.withUnsafeMutableBufferPointer { values in
                VectorMath.clampShiftScale(values, floor: maximum - topDecibels, offset: 0, scale: 1)
            }
        }
        return Self.cepstrum(decibels, dct: dctMatrix, rows: coefficientCount)
    }

    /// A stream returning the same frames as `extract`; only without `topDecibels`, which needs the whole signal.
    /// - Throws: `ConfigurationError` when `topDecibels` is set.
    public func makeStream() throws -> FeatureStream {
        guard topDecibels == nil else {
            throw ConfigurationError(field: "topDecibels",
                                     message: "is a floor relative to the whole signal's maximum; set it to nil to stream MFCCs")
        }
        let dct = dctMatrix, rows = coefficientCount
        return FeatureStream(pipeline: pipeline, postProcess: (rows, { Self.cepstrum($0, dct: dct, rows: rows) }))
    }

    /// `dct (rows × melCount) · decibels (melCount × frames)`.
    static func cepstrum(_ decibels: FeatureMatrix, dct: [Float], rows: Int) -> FeatureMatrix {
        let mels = decibels.featureCount, frames = decibels.frameCount
        var output = [Float](repeating: 0, count: rows * frames)
        output.withUnsafeMutableBufferPointer { out in
            decibels.values.withUnsafeBufferPointer { input in
                dct.withUnsafeBufferPointer { d in
                    for row in 0..<rows {
                        let target = out.baseAddress! + row * frames
                        for mel in 0..<mels {
                            let weight = d[row * mels + mel]
                            let source = input.baseAddress! + mel * frames
                            for t in 0..<frames { target[t] += weight * source[t] }
                        }
                    }
                }
            }
        }
        return FeatureMatrix(featureCount: rows, frameCount: frames, values: output)
    }

    /// Rows `k < rows` of the orthonormal DCT-II of `size` points: `√(c/size) · cos(π·k·(2n + 1) / (2·size))`,
    /// `c` = 1 for `k` = 0 and 2 otherwise.
    static func orthonormalDCT(rows: Int, size: Int) -> [Float] {
        var matrix = [Float](repeating: 0, count: rows * size)
        for k in 0..<rows {
            let scale = (Double(k == 0 ? 1 : 2) / Double(size)).squareRoot()
            for n in 0..<size {
                matrix[k * size + n] = Float(scale * cos(Double.pi * Double(k) * Double(2 * n + 1) / Double(2 * size)))
            }
        }
        return matrix
    }
}
