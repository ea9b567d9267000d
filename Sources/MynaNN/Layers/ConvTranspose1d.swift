import MynaTensor

/// A transposed 1-D convolution layer (PyTorch `nn.ConvTranspose1d`): weight `[inputChannels, outputChannels / groups,
/// kernelSize]`, the upsampler of HiFi-GAN.
///
/// Output frames: `(frames − 1)·stride − 2·padding + dilation·(kernel − 1) + outputPadding + 1`.
/// Thread-safety: immutable; share freely.
public struct ConvTranspose1d: Sendable {
    /// `[inputChannels, outputChannels / groups, kernelSize]`.
    public let weight: Tensor
    /// `[outputChannels]` or nil.
    public let bias: Tensor?
    /// Channels, kernel, stride, padding, output padding, dilation and groups.
    public let geometry: ConvolutionGeometry

    public init(weight: Tensor, bias: Tensor? = nil, stride: Int = 1, padding: Int = 0, outputPadding: Int = 0,
                dilation: Int = 1, groups: Int = 1) {
        precondition(weight.rank == 3, "ConvTranspose1d: weight must be [in, out/groups, kernel], got \(weight.shape)")
        let outputChannels = weight.shape[1] * groups
        if let bias { precondition(bias.shape == [outputChannels], "ConvTranspose1d: bias \(bias.shape) must be [\(outputChannels)]") }
        self.weight = weight
        self.bias = bias
        self.geometry = ConvolutionGeometry(inputChannels: weight.shape[0], outputChannels: outputChannels,
                                            kernelSize: weight.shape[2], stride: stride, padding: padding,
                                            dilation: dilation, groups: groups, outputPadding: outputPadding)
    }

    /// Output frames for `inputLength` input frames.
    public func outputLength(inputLength: Int) -> Int { geometry.transposedOutputLength(inputLength: inputLength) }

    public func callAsFunction(_ x: Tensor) -> Tensor {
        x.convTranspose1d(weight: weight, bias: bias, stride: geometry.stride, padding: geometry.padding,
                          outputPadding: geometry.outputPadding, dilation: geometry.dilation, groups: geometry.groups)
    }
}
