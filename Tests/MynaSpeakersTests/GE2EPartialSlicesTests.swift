import MynaSpeakers
import MynaTestSupport
import Testing

/// `compute_partial_slices(n, rate=1.3, min_coverage=0.75)` of Resemblyzer 0.1.4 at and around every boundary.
@Suite struct GE2EPartialSlicesTests {
    static let golden = GoldenTensorFile(named: "ge2e_goldens", in: .module)

    @Test func equalsResemblyzer() throws {
        let cases = Self.golden.caseNames(prefix: "slices_")
        #expect(cases.count >= 30)
        for name in cases {
            let samples = try Self.golden.int(name, "samples")
            let expected = try Self.golden.ints(name, "mel_starts")
            let slices = GE2EPartialSlices(sampleCount: samples, partialsPerSecond: 1.3, minimumCoverage: 0.75)
            #expect(slices.melStarts == expected, "\(samples) samples")
        }
    }

    @Test func frameStepRoundsHalfToEven() {
        #expect(GE2EPartialSlices.frameStep(partialsPerSecond: 1.3) == 77)
        #expect(GE2EPartialSlices.frameStep(partialsPerSecond: 0.625) == 160)
        #expect(GE2EPartialSlices.frameStep(partialsPerSecond: 100.0 / 2.5) == 2)  // 2.5 → 2
    }

    @Test func optionsRejectImpossibleRates() {
        var options = GE2EEmbeddingOptions.default
        options.partialsPerSecond = 0.5
        #expect(throws: (any Error).self) { try options.validate() }
        options.partialsPerSecond = 1.3
        options.minimumCoverage = 0
        #expect(throws: (any Error).self) { try options.validate() }
    }
}
