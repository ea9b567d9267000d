import Testing
import MynaNN
import MynaTensor
import MynaTestSupport

@Suite("Conv1d and ConvTranspose1d layers")
struct LayerConvolutionTests {
    /// A HiFi-GAN residual unit: x + conv(leakyReLU(x, 0.1)) with dilation 3 and "same" padding.
    @Test func residualConvolution() throws {
        let name = "conv1d_layer_resblock"
        let x = try layerGoldens.tensor(name, "x")
        let conv = Conv1d(weight: try layerGoldens.tensor(name, "weight"), bias: try layerGoldens.tensor(name, "bias"),
                          stride: try layerGoldens.int(name, "stride"), padding: try layerGoldens.int(name, "padding"),
                          dilation: try layerGoldens.int(name, "dilation"))
        let slope = Float(try layerGoldens.double(name, "slope"))
        #expect(conv.outputLength(inputLength: 40) == 40)
        let y = conv(Activation.leakyReLU(negativeSlope: slope)(x)) + x
        // 112 products (16 channels × 7 taps) per output.
        assertClose(y.values, try layerGoldens.tensor(name, "out").values, atol: 1e-5, rtol: 1e-5)
    }

    @Test func upsampler() throws {
        let name = "conv_transpose1d_layer_up"
        let x = try layerGoldens.tensor(name, "x")
        let up = ConvTranspose1d(weight: try layerGoldens.tensor(name, "weight"), bias: try layerGoldens.tensor(name, "bias"),
                                 stride: try layerGoldens.int(name, "stride"), padding: try layerGoldens.int(name, "padding"),
                                 outputPadding: try layerGoldens.int(name, "output_padding"))
        #expect(up.outputLength(inputLength: 12) == 96)
        #expect(up.geometry.outputChannels == 8)
        let y = up(x)
        #expect(y.shape == [1, 8, 96])
        assertClose(y.values, try layerGoldens.tensor(name, "out").values, atol: 1e-5, rtol: 1e-5)
    }
}
