import Foundation
import MynaTensor

/// The elementwise steps of the generator on raw buffers, in SIMD: LeakyReLU (jik876 `LRELU_SLOPE` 0.1 inside the
/// network, PyTorch's default 0.01 before `conv_post`), residual sums and the closing `tanh`.
enum HiFiGANActivation {
    /// jik876/hifi-gan `models.LRELU_SLOPE`.
    static let slope: Float = 0.1
    /// `torch.nn.functional.leaky_relu`'s default, used once before `conv_post`.
    static let finalSlope: Float = 0.01

    /// `output[i] = x > 0 ? x : slope·x` (for slopes in [0, 1] that is `max(x, slope·x)`); `output` may be `input`.
    @inline(__always)
    static func leakyReLU(_ input: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>, count: Int, slope: Float) {
        var i = 0
        let s = SIMD8<Float>(repeating: slope)
        while i + 8 <= count {
            let x = UnsafeRawPointer(input + i).loadUnaligned(as: SIMD8<Float>.self)
            UnsafeMutableRawPointer(output + i).storeBytes(of: x.replacing(with: x * s, where: x .< 0), as: SIMD8<Float>.self)
            i += 8
        }
        while i < count {
            let x = input[i]
            output[i] = x < 0 ? x * slope : x
            i += 1
        }
    }

    /// LeakyReLU in place over `count` values, in parallel.
    static func leakyReLUInPlace(_ values: UnsafeMutablePointer<Float>, count: Int, slope: Float) {
        parallelSpans(count) { range in
            leakyReLU(values + range.lowerBound, into: values + range.lowerBound, count: range.count, slope: slope)
        }
    }

    /// `target[i] += source[i]`, in parallel.
    static func add(_ source: UnsafePointer<Float>, into target: UnsafeMutablePointer<Float>, count: Int) {
        parallelSpans(count) { range in
            let a = source + range.lowerBound, b = target + range.lowerBound
            for i in 0..<range.count { b[i] += a[i] }
        }
    }

    /// `target[i] = source[i]`, in parallel.
    static func copy(_ source: UnsafePointer<Float>, into target: UnsafeMutablePointer<Float>, count: Int) {
        parallelSpans(count) { range in
            (target + range.lowerBound).update(from: source + range.lowerBound, count: range.count)
        }
    }

    /// `tanh` in place.
    static func tanhInPlace(_ values: UnsafeMutablePointer<Float>, count: Int) {
        parallelSpans(count) { range in
            for i in range { values[i] = Foundation.tanhf(values[i]) }
        }
    }

    /// Splits `0..<count` over MynaThreads in spans of at least 64 Ki elements (smaller loops stay on this thread).
    @inline(__always)
    private static func parallelSpans(_ count: Int, _ body: (Range<Int>) -> Void) {
        parallelChunks(count, minimumChunk: 1 << 16, body)
    }
}
