import MynaTensor

/// A 1-D convolution layer (PyTorch `nn.Conv1d`): weight `[outputChannels, inputChannels / groups, kernelSize]`.
///
/// Input `[inputChannels, frames]` or `[batch, inputChannels, frames]`; output frames
/// `⌊(frames + 2·padding − dilation·(kernel − 1) − 1) / stride⌋ + 1`. Thread-safety: immutable; share freely.
public struct Conv1d: Sendable {
    /// `[outputChannels, inputChannels / groups, kernelSize]`.
    public let weight: Tensor
    /// `[outputChannels]` or nil.
    public let bias: Tensor?
    /// Channels, kernel, stride, padding, dilation and groups.
    public let geometry: ConvolutionGeometry

    public init(weight: Tensor, bias: Tensor? = nil, stride: Int = 1, padding: Int = 0, dilation: Int = 1, groups: Int = 1) {
        precondition(weight.rank == 3, "Conv1d: weight must be [out, in/groups, kernel], got \(weight.shape)")
        if let bias { precondition(bias.shape == [weight.shape[0]], "Conv1d: bias \(bias.shape) must be [\(weight.shape[0])]") }
        self.weight = weight
        self.bias = bias
        self.geometry = ConvolutionGeometry(inputChannels: weight.shape[1] * groups, outputChannels: weight.shape[0],
                                            kernelSize: weight.shape[2], stride: stride, padding: padding,
                                            dilation: dilation, groups: groups)
    }

    /// Output frames for `inputLength` input frames (0 when the input is shorter than the kernel's reach).
    public func outputLength(inputLength: Int) -> Int { geometry.outputLength(inputLength: inputLength) }

    public func callAsFunction(_ x: Tensor) -> Tensor {
        x.conv1d(weight: weight, bias: bias, stride: geometry.stride, padding: geometry.padding,
                 dilation: geometry.dilation, groups: geometry.groups)
    }
}
