import Foundation
import Testing
import MynaCore
import MynaNN
import MynaSynthesis
import MynaTestSupport

/// A generator stored the way Piper's exporter stores VITS decoders: folded weights renamed `onnx::Conv_NNNN`.
@Suite("HiFi-GAN generator from an ONNX export")
struct HiFiGANONNXTests {
    @Test func renamedWeightsAreFoundThroughTheirNodes() throws {
        let caseName = "tiny_resblock2_cond"
        let url = try #require(Bundle.module.url(forResource: "hifigan_tiny_dec", withExtension: "onnx", subdirectory: "Golden"))
        let reader = try ONNXModelReader(path: url.path)
        #expect(reader.names.contains { $0.hasPrefix("onnx::Conv_") }, "the export should have renamed folded weights")
        let configuration = try #require(HiFiGANFixtures.tinyConfigurations[caseName])
        let rules = HiFiGANWeightMap.onnxRules(for: configuration, prefix: "dec.", nodeScope: "/dec", archive: reader)
        #expect(rules.contains { $0.target == "dec.ups.1.weight" && $0.sources[0].hasPrefix("onnx::ConvTranspose_") })
        #expect(!rules.contains { $0.target == "dec.cond.weight" }, "cond has no weight norm: stored under its own name")
        // Strict: every initializer of the export is used.
        let manifest = WeightManifest(requirements: HiFiGANWeightMap.requirements(for: configuration, prefix: "dec."),
                                      map: WeightMap(rules: rules))
        let generator = try HiFiGANGenerator(configuration: configuration, weights: WeightLoader.load(manifest, from: reader),
                                             prefix: "dec.")
        let output = generator.waveform(features: try HiFiGANFixtures.features(caseName),
                                        conditioning: try hifiganGoldens.tensor(caseName, "conditioning").values)
        // Same network as the PyTorch golden; the export folded weight norm in float32, Myna folds in double.
        assertClose(output, try hifiganGoldens.tensor(caseName, "output").values, atol: 5e-6, rtol: 1e-5)
    }
}
