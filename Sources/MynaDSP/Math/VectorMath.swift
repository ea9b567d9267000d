/// Elementwise kernels over whole feature matrices, eight lanes at a time.
///
/// The logarithm is computed here rather than by calling libm per element: a Whisper log-mel of 10 minutes takes
/// 4.8 million logarithms, which at glibc's ~4 ns each would cost more than all the FFTs.
enum VectorMath {
    private static let ln2: Float = 0.693_147_180_559_945_3
    private static let log10OfE: Float = 0.434_294_481_903_251_8

    /// Natural logarithm of eight positive normal floats, within about 2 ulp.
    ///
    /// `x = 2^e · m` with `m` in [√½, √2); `ln m = 2·atanh(s)` with `s = (m − 1)/(m + 1)`, `|s| ≤ 0.1716`, whose
    /// series `2(s + s³/3 + s⁵/5 + s⁷/7 + s⁹/9)` leaves a truncation error below 1e-9 relative.
    @inline(__always)
    static func naturalLog(_ x: SIMD8<Float>) -> SIMD8<Float> {
        let bits = unsafeBitCast(x, to: SIMD8<UInt32>.self)
        var exponent = SIMD8<Int32>(truncatingIfNeeded: bits &>> 23) &- 127
        var mantissa = unsafeBitCast((bits & 0x007f_ffff) | 0x3f80_0000, to: SIMD8<Float>.self)  // [1, 2)
        let high = mantissa .> 1.414_213_56
        mantissa.replace(with: mantissa * 0.5, where: high)
        exponent.replace(with: exponent &+ 1, where: high)
        let s = (mantissa - 1) / (mantissa + 1)
        let s2 = s * s
        var series = SIMD8<Float>(repeating: 1 / 9)
        series = series * s2 + 1 / 7
        series = series * s2 + 1 / 5
        series = series * s2 + 1 / 3
        series = series * s2 + 1
        return SIMD8<Float>(exponent) * ln2 + 2 * s * series
    }

    /// Applies `body` to every element of `values` in place, eight at a time (the tail through a padded vector).
    @inline(__always)
    static func transform(_ values: UnsafeMutableBufferPointer<Float>, _ body: (SIMD8<Float>) -> SIMD8<Float>) {
        guard let base = values.baseAddress else { return }
        let raw = UnsafeMutableRawPointer(base)
        let vectorCount = values.count / 8
        for i in 0..<vectorCount {
            let v = raw.loadUnaligned(fromByteOffset: i * 32, as: SIMD8<Float>.self)
            raw.storeBytes(of: body(v), toByteOffset: i * 32, as: SIMD8<Float>.self)
        }
        let tail = values.count - vectorCount * 8
        if tail > 0 {
            var v = SIMD8<Float>(repeating: 1)
            for j in 0..<tail { v[j] = base[vectorCount * 8 + j] }
            let result = body(v)
            for j in 0..<tail { base[vectorCount * 8 + j] = result[j] }
        }
    }

    /// Lane-wise maximum (kept here and inlined: the standard library's generic `pointwiseMax` was not).
    @inline(__always)
    static func maximum(_ a: SIMD8<Float>, _ b: SIMD8<Float>) -> SIMD8<Float> {
        a.replacing(with: b, where: a .< b)
    }

    /// `log10(max(x, floor))`; `floor` must be a positive normal float.
    @inline(__always)
    static func log10(_ x: SIMD8<Float>, floor: Float) -> SIMD8<Float> {
        naturalLog(maximum(x, SIMD8(repeating: floor))) * log10OfE
    }

    /// `10 · log10(max(x, floor))` (librosa's `power_to_db` with `ref=1`).
    @inline(__always)
    static func decibels(_ x: SIMD8<Float>, floor: Float) -> SIMD8<Float> {
        naturalLog(maximum(x, SIMD8(repeating: floor))) * (10 * log10OfE)
    }

    /// `log10(max(x, floor))` in place; `floor` must be a positive normal float.
    static func log10(_ values: UnsafeMutableBufferPointer<Float>, floor: Float) {
        transform(values) { log10($0, floor: floor) }
    }

    /// `ln(max(x, floor))` in place; `floor` must be a positive normal float.
    static func naturalLog(_ values: UnsafeMutableBufferPointer<Float>, floor: Float) {
        let lower = SIMD8<Float>(repeating: floor)
        transform(values) { naturalLog(maximum($0, lower)) }
    }

    /// `10 · log10(max(x, floor))` in place (librosa's `power_to_db` with `ref=1`).
    static func decibels(_ values: UnsafeMutableBufferPointer<Float>, floor: Float) {
        transform(values) { decibels($0, floor: floor) }
    }

    /// The largest element (`-infinity` for an empty buffer).
    static func maximum(_ values: UnsafeBufferPointer<Float>) -> Float {
        guard let base = values.baseAddress else { return -.infinity }
        let raw = UnsafeRawPointer(base)
        let vectorCount = values.count / 8
        var best = SIMD8<Float>(repeating: -.infinity)
        for i in 0..<vectorCount {
            best = maximum(best, raw.loadUnaligned(fromByteOffset: i * 32, as: SIMD8<Float>.self))
        }
        var result = best.max()
        for i in (vectorCount * 8)..<values.count { result = Swift.max(result, base[i]) }
        return result
    }

    /// `(max(x, floor) + offset) · scale` in place.
    static func clampShiftScale(_ values: UnsafeMutableBufferPointer<Float>, floor: Float, offset: Float, scale: Float) {
        let lower = SIMD8<Float>(repeating: floor)
        transform(values) { (maximum($0, lower) + offset) * scale }
    }
}
