/// The hyper-parameters of a 1-D convolution, PyTorch's meaning for each (`torch.nn.Conv1d`, `ConvTranspose1d`).
///
/// Lengths are in frames (samples along the convolved axis). Thread-safety: a value; share freely.
public struct ConvolutionGeometry: Sendable, Equatable {
    /// Input channels (all groups together).
    public var inputChannels: Int
    /// Output channels (all groups together).
    public var outputChannels: Int
    /// Taps per kernel.
    public var kernelSize: Int
    /// Frames between successive outputs (regular conv) or successive inputs' placements (transposed).
    public var stride: Int
    /// Zero frames added at both ends (regular); frames cropped from both ends (transposed).
    public var padding: Int
    /// Frames between kernel taps.
    public var dilation: Int
    /// Channel groups; channels of group `g` see only channels of group `g`.
    public var groups: Int
    /// Extra frames at the end of a transposed convolution's output; must be smaller than `stride` or `dilation`.
    public var outputPadding: Int

    public init(inputChannels: Int, outputChannels: Int, kernelSize: Int, stride: Int = 1, padding: Int = 0,
                dilation: Int = 1, groups: Int = 1, outputPadding: Int = 0) {
        precondition(inputChannels > 0 && outputChannels > 0 && kernelSize > 0,
                     "Convolution: channels \(inputChannels)→\(outputChannels) and kernel \(kernelSize) must be positive")
        precondition(stride > 0 && dilation > 0 && padding >= 0 && outputPadding >= 0,
                     "Convolution: stride \(stride), dilation \(dilation), padding \(padding) out of range")
        precondition(groups > 0 && inputChannels % groups == 0 && outputChannels % groups == 0,
                     "Convolution: \(groups) groups do not divide channels \(inputChannels)→\(outputChannels)")
        precondition(outputPadding < Swift.max(stride, dilation),
                     "Convolution: output padding \(outputPadding) must be smaller than stride or dilation")
        self.inputChannels = inputChannels
        self.outputChannels = outputChannels
        self.kernelSize = kernelSize
        self.stride = stride
        self.padding = padding
        self.dilation = dilation
        self.groups = groups
        self.outputPadding = outputPadding
    }

    /// Input channels per group.
    public var inputChannelsPerGroup: Int { inputChannels / groups }
    /// Output channels per group.
    public var outputChannelsPerGroup: Int { outputChannels / groups }
    /// Frames one kernel spans: `dilation · (kernelSize − 1) + 1`.
    public var receptiveField: Int { dilation * (kernelSize - 1) + 1 }

    /// Output frames of a regular convolution over `inputLength` frames (may be ≤ 0 when the input is too short).
    public func outputLength(inputLength: Int) -> Int {
        let span = inputLength + 2 * padding - receptiveField
        return span < 0 ? 0 : span / stride + 1
    }

    /// Output frames of a transposed convolution over `inputLength` frames.
    public func transposedOutputLength(inputLength: Int) -> Int {
        (inputLength - 1) * stride - 2 * padding + receptiveField + outputPadding
    }
}
