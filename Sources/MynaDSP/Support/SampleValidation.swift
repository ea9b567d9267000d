import Foundation
import MynaCore

/// Checks that samples can be analysed, with one clear message per problem.
enum SampleValidation {
    /// Throws for a NaN or infinite sample, naming its index (offset by `firstIndex` for streams).
    static func requireFinite(_ samples: UnsafeBufferPointer<Float>, firstIndex: Int = 0) throws(FeatureError) {
        // Fast pass: x − x is 0 for finite x and NaN for NaN and ±infinity, and NaN survives the sum.
        var check = SIMD8<Float>()
        let vectorCount = samples.count / 8
        if let base = samples.baseAddress {
            let raw = UnsafeRawPointer(base)
            for i in 0..<vectorCount {
                let v = raw.loadUnaligned(fromByteOffset: i * 32, as: SIMD8<Float>.self)
                check += v - v
            }
        }
        var scalarCheck: Float = 0
        for i in (vectorCount * 8)..<samples.count { scalarCheck += samples[i] - samples[i] }
        if check.sum() == 0 && scalarCheck == 0 { return }
        for (i, value) in samples.enumerated() where !value.isFinite {
            throw FeatureError(.nonFinite, message: "sample \(firstIndex + i) is \(value); features need finite samples")
        }
    }

    /// Throws for an empty signal or one shorter than `minimum` samples.
    static func requireLength(_ count: Int, minimum: Int, sampleRate: Int) throws(FeatureError) {
        if count == 0 {
            throw FeatureError(.empty, message: "the audio is empty (0 samples); features need at least \(minimum) samples")
        }
        if count < minimum {
            throw FeatureError(.tooShort, message: """
                the audio has \(count) samples (\(milliseconds(count, sampleRate)) ms), shorter than one \(minimum)-sample \
                analysis window (\(milliseconds(minimum, sampleRate)) ms at \(sampleRate) Hz)
                """)
        }
    }

    private static func milliseconds(_ samples: Int, _ sampleRate: Int) -> String {
        let value = Double(samples) * 1000 / Double(sampleRate)
        return value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
    }
}
