extension Kernels {
    /// `exp(x)` for eight lanes at once: Cody–Waite range reduction `x = n·ln2 + r` with `|r| ≤ ln2/2`, a degree-6
    /// minimax polynomial for `e^r` (the Cephes `expf` coefficients), and `2ⁿ` built in the exponent bits.
    /// Within 2 ulp of the true value on [−87.3, 88.7]; 0 below (where float32 would be denormal or 0), +∞ above.
    /// Softmax spends most of its time here; glibc's scalar `expf` is one call per element.
    ///
    /// Written with SIMD arithmetic, comparisons and bit casts only: Swift's generic SIMD conversions, `pointwiseMax`
    /// and `clamped` compile to per-lane calls, which made this slower than scalar `expf`.
    @inline(__always)
    static func exp(_ x: SIMD8<Float>) -> SIMD8<Float> {
        let low: Float = -87.33654, high: Float = 88.72283
        var v = x
        v.replace(with: SIMD8(repeating: low), where: x .< low)
        v.replace(with: SIMD8(repeating: high), where: x .> high)
        let (p, whole) = expParts(v)
        // 2ⁿ as 2^⌊n/2⌋ · 2^(n − ⌊n/2⌋), so each factor's biased exponent stays in the normal range even at n = 128.
        let half = whole &>> 1
        var result = p * power2(half) * power2(whole &- half)
        result.replace(with: 0, where: x .< low)
        result.replace(with: .infinity, where: x .> high)
        result.replace(with: x, where: x .!= x)  // NaN stays NaN
        return result
    }

    /// `e^v = p · 2ⁿ` for `v` already within [−87.4, 88.8]: `n = round(v·log2e)`, then the polynomial `p` of the
    /// remainder. Shared by `exp` and the LSTM gates' `gateExp`, which differ only in how they treat the ends.
    @inline(__always)
    static func expParts(_ v: SIMD8<Float>) -> (p: SIMD8<Float>, n: SIMD8<Int32>) {
        let log2e: Float = 1.44269504088896341
        let ln2High: Float = 0.693359375, ln2Low: Float = -2.12194440e-4
        // n = round(v·log2e): adding 1.5·2²³ pushes the fraction out of the mantissa (rounding to nearest), after
        // which the mantissa's low bits hold n + 1.5·2²³ as an integer.
        let shifter: Float = 12_582_912
        let t = v * log2e + shifter
        let n = t - shifter
        let whole = unsafeBitCast(t, to: SIMD8<Int32>.self) &- Int32(bitPattern: shifter.bitPattern)
        let r = v - n * ln2High - n * ln2Low
        var p = SIMD8<Float>(repeating: 1.9875691500e-4)
        p = p * r + 1.3981999507e-3
        p = p * r + 8.3334519073e-3
        p = p * r + 4.1665795894e-2
        p = p * r + 1.6666665459e-1
        p = p * r + 5.0000001201e-1
        p = p * (r * r) + r + 1
        return (p, whole)
    }

    /// `2ⁿ` for `n` in [−126, 127], through the exponent bits.
    @inline(__always)
    static func power2(_ n: SIMD8<Int32>) -> SIMD8<Float> {
        unsafeBitCast((n &+ 127) &<< 23, to: SIMD8<Float>.self)
    }

    /// `x ← exp(x)` with the eight-lane `exp` (≤ 2 ulp; see there); the tail goes through glibc.
    public static func fastExp(_ x: UnsafeMutableBufferPointer<Float>) {
        guard let base = x.baseAddress else { return }
        let raw = UnsafeMutableRawPointer(base)
        var i = 0
        while i + 8 <= x.count {
            let v = raw.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
            raw.storeBytes(of: exp(v), toByteOffset: i * 4, as: SIMD8<Float>.self)
            i += 8
        }
        while i < x.count {
            x[i] = LibM.exp(x[i])
            i += 1
        }
    }
}
