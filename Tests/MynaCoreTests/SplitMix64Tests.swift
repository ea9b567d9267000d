import MynaCore
import Testing

/// `SplitMix64` against the reference sequence (Vigna's `splitmix64.c`, seed 0) and its unit-interval draws, which
/// Whisper's temperature sampling and Griffin-Lim's phases consume: a change here changes their output.
@Suite struct SplitMix64Tests {
    @Test func matchesTheReferenceSequence() {
        var generator = SplitMix64(seed: 0)
        #expect(generator.next() == 0xE220_A839_7B1D_CDAF)
        #expect(generator.next() == 0x6E78_9E6A_A1B9_65F4)
        #expect(generator.next() == 0x06C4_5D18_8009_454F)
    }

    /// The top 53 bits scaled by 2⁻⁵³, exactly (values computed in Python as `(x >> 11) / 2**53`).
    @Test func unitIntervalDrawsAreExact() {
        var generator = SplitMix64(seed: 0)
        #expect(generator.nextUnitInterval() == 0x1.c4415072f63b9p-1)
        #expect(generator.nextUnitInterval() == 0x1.b9e279aa86e58p-2)
        #expect(generator.nextUnitInterval() == 0x1.b117462002500p-6)
    }
}
