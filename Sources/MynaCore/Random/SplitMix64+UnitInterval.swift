extension SplitMix64 {
    /// Uniform in [0, 1): the top 53 bits of `next()` times 2⁻⁵³, so every multiple of 2⁻⁵³ below 1 is equally
    /// likely (exact: no rounding). Whisper's temperature sampling and Griffin-Lim's initial phases draw from it.
    public mutating func nextUnitInterval() -> Double { Double(next() >> 11) * 0x1p-53 }
}
