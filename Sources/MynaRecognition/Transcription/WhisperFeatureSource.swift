import MynaCore
import MynaDSP
import MynaTensor

/// Whisper's normalised log-mel frames of one input, handed out one 30 s window at a time so a transcription never
/// needs them all in memory. Windows are asked for in non-decreasing `start` order.
public protocol WhisperFeatureSource {
    /// Mel bins per frame.
    var melCount: Int { get }
    /// Frames of the whole input, as faster-whisper computes them (audio plus 160 zero samples, last frame dropped).
    var frameCount: Int { get }
    /// Frames `start ..< start + count` as `[melCount, frames]`, zero-padded past `count` (faster-whisper's
    /// `pad_or_trim` on the feature slice).
    mutating func window(from start: Int, count: Int, frames: Int) throws -> Tensor
}

/// The log-mel of samples already in memory (faster-whisper's `FeatureExtractor(audio)`: 160 zeros appended, floor
/// at the maximum over the whole input).
public struct WhisperInMemoryFeatures: WhisperFeatureSource {
    let mel: FeatureMatrix

    public init(samples: [Float], melCount: Int) throws {
        mel = try WhisperLogMelExtractor(melCount: melCount, paddingSampleCount: 160).extract(samples)
    }

    public var melCount: Int { mel.featureCount }
    public var frameCount: Int { mel.frameCount }

    public mutating func window(from start: Int, count: Int, frames: Int) throws -> Tensor {
        let bins = mel.featureCount
        let available = max(0, min(count, mel.frameCount - start))
        return Tensor(shape: [bins, frames]) { out in
            mel.values.withUnsafeBufferPointer { source in
                for bin in 0..<bins {
                    let row = bin * frames
                    for frame in 0..<frames {
                        out[row + frame] = frame < available ? source[bin * mel.frameCount + start + frame] : 0
                    }
                }
            }
        }
    }
}
