import Testing
import MynaTensor
import MynaTestSupport

/// Convolutions sum up to in/groups · kernel ≤ 112 products of values ~1 (weights scaled 0.3): float32 rounding stays
/// below 1e-5 absolute (measured worst over all cases: 2.9e-6).
private let convolutionTolerance: (atol: Float, rtol: Float) = (2e-5, 1e-5)

@Suite("Convolutions (im2col + sgemm, direct depthwise, transposed via col2im)")
struct OpConvolutionTests {
    @Test(arguments: opGoldens.caseNames(prefix: "conv1d_"))
    func conv1dGolden(_ name: String) throws {
        let x = try opGoldens.tensor(name, "x"), weight = try opGoldens.tensor(name, "weight")
        let bias = try opGoldens.bool(name, "bias") ? try opGoldens.tensor(name, "bias") : nil
        let expected = try opGoldens.tensor(name, "out")
        let stride = try opGoldens.int(name, "stride"), padding = try opGoldens.int(name, "padding")
        let dilation = try opGoldens.int(name, "dilation"), groups = try opGoldens.int(name, "groups")
        let result = x.conv1d(weight: weight, bias: bias, stride: stride, padding: padding, dilation: dilation, groups: groups)
        #expect(result.shape == expected.shape)
        assertClose(result.values, expected.values, atol: convolutionTolerance.atol, rtol: convolutionTolerance.rtol, "\(name)")

        // The same case against the direct-loop oracle, and unbatched input gives the first batch entry.
        let oracle = Naive.conv1d(x: x.values, batch: x.shape[0], inputChannels: x.shape[1], length: x.shape[2],
                                  weight: weight.values, outputChannels: weight.shape[0], kernel: weight.shape[2],
                                  bias: bias?.values, stride: stride, padding: padding, dilation: dilation, groups: groups)
        assertClose(result.values, oracle, atol: convolutionTolerance.atol, rtol: convolutionTolerance.rtol, "\(name) vs loops")
        let single = x.row(0).conv1d(weight: weight, bias: bias, stride: stride, padding: padding, dilation: dilation, groups: groups)
        #expect(single.values == result.row(0).values)
    }

    @Test(arguments: opGoldens.caseNames(prefix: "conv_transpose1d_"))
    func convTranspose1dGolden(_ name: String) throws {
        let x = try opGoldens.tensor(name, "x"), weight = try opGoldens.tensor(name, "weight")
        let bias = try opGoldens.bool(name, "bias") ? try opGoldens.tensor(name, "bias") : nil
        let expected = try opGoldens.tensor(name, "out")
        let stride = try opGoldens.int(name, "stride"), padding = try opGoldens.int(name, "padding")
        let outputPadding = try opGoldens.int(name, "output_padding")
        let dilation = try opGoldens.int(name, "dilation"), groups = try opGoldens.int(name, "groups")
        let result = x.convTranspose1d(weight: weight, bias: bias, stride: stride, padding: padding,
                                       outputPadding: outputPadding, dilation: dilation, groups: groups)
        #expect(result.shape == expected.shape)
        assertClose(result.values, expected.values, atol: convolutionTolerance.atol, rtol: convolutionTolerance.rtol, "\(name)")
        let oracle = Naive.convTranspose1d(x: x.values, batch: x.shape[0], inputChannels: x.shape[1], length: x.shape[2],
                                           weight: weight.values, outputChannels: weight.shape[1] * groups,
                                           kernel: weight.shape[2], bias: bias?.values, stride: stride, padding: padding,
                                           outputPadding: outputPadding, dilation: dilation, groups: groups)
        assertClose(result.values, oracle, atol: convolutionTolerance.atol, rtol: convolutionTolerance.rtol, "\(name) vs loops")
    }

    /// Inputs long enough that im2col is split into several tiles of output frames.
    @Test func conv1dAcrossTiles() {
        let (channels, length, kernel) = (64, 10_007, 7)  // 448 im2col rows → tiles of 4681 frames
        let x = Naive.values(channels * length, seed: 11), w = Naive.values(2 * channels * kernel, seed: 12)
        let bias: [Float] = [0.25, -0.5]
        let result = Tensor(shape: [channels, length], values: x)
            .conv1d(weight: Tensor(shape: [2, channels, kernel], values: w), bias: Tensor(shape: [2], values: bias),
                    stride: 2, padding: 3, dilation: 2)
        let oracle = Naive.conv1d(x: x, batch: 1, inputChannels: channels, length: length, weight: w, outputChannels: 2,
                                  kernel: kernel, bias: bias, stride: 2, padding: 3, dilation: 2, groups: 1)
        #expect(result.shape == [2, oracle.count / 2])
        assertClose(result.values, oracle, atol: 1e-4, rtol: 1e-5)
    }

    /// Inputs long enough that the transposed convolution's columns are split into several tiles of input frames.
    @Test func convTranspose1dAcrossTiles() {
        let (channels, outPerGroup, length, kernel) = (2, 256, 601, 16)  // 4096 column rows → tiles of 512 frames
        let x = Naive.values(channels * length, seed: 21), w = Naive.values(channels * outPerGroup * kernel, seed: 22)
        let result = Tensor(shape: [channels, length], values: x)
            .convTranspose1d(weight: Tensor(shape: [channels, outPerGroup, kernel], values: w), stride: 8, padding: 4)
        let oracle = Naive.convTranspose1d(x: x, batch: 1, inputChannels: channels, length: length, weight: w,
                                           outputChannels: outPerGroup, kernel: kernel, bias: nil, stride: 8, padding: 4,
                                           outputPadding: 0, dilation: 1, groups: 1)
        #expect(result.shape == [outPerGroup, (length - 1) * 8 - 8 + 16])
        assertClose(result.values, oracle, atol: 1e-5, rtol: 1e-5)
    }

    /// The parameterised tests above take their cases from the golden index; an empty index must fail, not pass.
    @Test func goldenCasesArePresent() {
        #expect(opGoldens.caseNames(prefix: "conv1d_").count == 11)
        #expect(opGoldens.caseNames(prefix: "conv_transpose1d_").count == 6)
    }

    @Test func geometryLengths() {
        let g = ConvolutionGeometry(inputChannels: 4, outputChannels: 6, kernelSize: 5, stride: 3, padding: 2, dilation: 2, groups: 2)
        #expect(g.receptiveField == 9)
        #expect(g.outputLength(inputLength: 37) == (37 + 4 - 9) / 3 + 1)
        #expect(g.outputLength(inputLength: 4) == 0)
        let t = ConvolutionGeometry(inputChannels: 512, outputChannels: 256, kernelSize: 16, stride: 8, padding: 4)
        #expect(t.transposedOutputLength(inputLength: 100) == 800, "HiFi-GAN's first upsampler multiplies frames by 8")
    }
}
