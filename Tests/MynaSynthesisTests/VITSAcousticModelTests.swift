import Foundation
import MynaSynthesis
import MynaTensor
import MynaTestSupport
import Testing

/// The acoustic model (text encoder, duration predictor, flow) against onnxruntime's intermediate values of the
/// same graph (`piper_stages` and the per-phoneme frame counts of `piper_waveforms`, scripts/goldens/piper_goldens.py).
@Suite struct VITSAcousticModelTests {
    static let stages = GoldenTensorFile(named: "piper_stages", in: .module)
    static let waveforms = GoldenTensorFile(named: "piper_waveforms", in: .module)
    static let deterministic = VITSSynthesisOptions(noiseScale: 0, lengthScale: 1, noiseW: 0)

    @Test func architectureIsReadOffTheGraph() throws {
        let c = try PiperTestVoice.acousticModel().configuration
        #expect(c.symbolCount == 256 && c.hiddenChannels == 192 && c.interChannels == 192 && c.filterChannels == 768)
        #expect(c.headCount == 2 && c.encoderLayerCount == 6 && c.encoderKernelSize == 3 && c.windowSize == 4)
        #expect(c.durationPredictor.dilations == [1, 3, 9] && c.durationPredictor.convFlowIndices == [7, 5, 3])
        #expect(c.durationPredictor.binCount == 10)
        #expect(c.flow.couplingIndices == [0, 2, 4, 6] && c.flow.kernelSize == 5 && c.flow.dilations == [1, 1, 1, 1])
        #expect(c.speakerCount == 1 && c.speakerChannels == 0)
        // The decoder, from ConvTranspose strides and Conv dilations (ONNX node attributes): not the V1 defaults.
        let d = try PiperTestVoice.voice().decoder.generator.configuration
        #expect(d.upsampleRates == [8, 8, 4] && d.upsampleKernelSizes == [16, 16, 8] && d.upsampleInitialChannels == 256)
        #expect(d.residualBlock == .two && d.residualBlockKernelSizes == [3, 5, 7])
        #expect(d.residualBlockDilationSizes == [[1, 2], [2, 6], [3, 12]] && !d.postConvolutionHasBias && d.conditioningChannels == 0)
    }

    @Test func durationsMatchOnnxRuntime() throws {
        let model = try PiperTestVoice.acousticModel()
        for name in Self.waveforms.index.cases.keys.sorted() {
            let ids = try Self.waveforms.ints(name, "ids")
            let latents = try model.latents(ids, options: Self.deterministic)
            #expect(latents.durations == (try Self.waveforms.ints(name, "frames")), "\(name)")
        }
    }

    @Test func flowOutputMatchesOnnxRuntime() throws {
        let model = try PiperTestVoice.acousticModel()
        let ids = try Self.stages.ints("s00", "ids")
        let latents = try model.latents(ids, options: Self.deterministic)
        let z = try Self.stages.tensor("s00", "z")
        #expect(latents.z.shape == z.shape)
        assertClose(latents.z.values, z.values, atol: 2e-4, rtol: 1e-4, "flow output z")
    }
}
