import Foundation
import MynaSynthesis
import MynaTestSupport
import Testing

/// Exactness: Myna's waveform for piper-tts's phoneme ids equals piper-tts 1.8.0's (onnxruntime) with noise_scale 0
/// and noise_w 0, on 12 sentences (`piper_waveforms`, scripts/goldens/piper_goldens.py): same length, max |Δ| ≤ 1e-3
/// on every 16th sample and on a contiguous 2048-sample segment, correlation ≥ 0.999, equal energy and peak.
@Suite struct PiperWaveformTests {
    static let golden = GoldenTensorFile(named: "piper_waveforms", in: .module)

    @Test(arguments: (0..<12).map { String(format: "s%02d", $0) })
    func equalsPiperTts(_ name: String) throws {
        let voice = try PiperTestVoice.voice()
        let ids = try Self.golden.ints(name, "ids")
        let samples = try voice.waveform(phonemeIDs: ids, options: VITSSynthesisOptions(noiseScale: 0, lengthScale: 1, noiseW: 0))
        try #require(samples.count == (try Self.golden.int(name, "samples")), "sample count")
        let stride = try Self.golden.int(name, "stride"), start = try Self.golden.int(name, "segmentStart")
        let decimated = Swift.stride(from: 0, to: samples.count, by: stride).map { samples[$0] }
        let expected = try Self.golden.tensor(name, "decimated").values
        let segmentExpected = try Self.golden.tensor(name, "segment").values
        let segment = Array(samples[start..<(start + segmentExpected.count)])
        let whole = WaveformComparison(decimated, expected), middle = WaveformComparison(segment, segmentExpected)
        print("\(name): \(ids.count) ids, \(samples.count) samples; every \(stride)th: \(whole); segment: \(middle)")
        #expect(whole.maxAbsoluteError <= 1e-3 && middle.maxAbsoluteError <= 1e-3)
        #expect(whole.correlation >= 0.999 && middle.correlation >= 0.999)
        let sumSquares = samples.reduce(0.0) { $0 + Double($1) * Double($1) }
        let referenceSquares = try Self.golden.double(name, "sumSquares")
        #expect(abs(sumSquares - referenceSquares) <= 1e-3 * referenceSquares, "energy \(sumSquares) vs \(referenceSquares)")
        let peak = samples.reduce(0) { max($0, abs($1)) }
        #expect(abs(Double(peak) - (try Self.golden.double(name, "maxAbs"))) <= 1e-3)
    }
}
