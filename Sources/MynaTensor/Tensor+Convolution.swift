extension Tensor {
    /// PyTorch `conv1d`: `self` is `[inputChannels, length]` or `[batch, inputChannels, length]`, `weight` is
    /// `[outputChannels, inputChannels / groups, kernelSize]`, `bias` is `[outputChannels]`. The result has the
    /// input's rank with `outputChannels` and `geometry.outputLength(inputLength:)` frames, which must be positive.
    public func conv1d(weight: Tensor, bias: Tensor? = nil, stride: Int = 1, padding: Int = 0, dilation: Int = 1,
                       groups: Int = 1) -> Tensor {
        precondition(weight.rank == 3, "Tensor.conv1d: weight must be [out, in/groups, kernel], got \(weight.shape)")
        let (batch, channels, length) = convolutionInputLayout("conv1d")
        let geometry = ConvolutionGeometry(inputChannels: channels, outputChannels: weight.shape[0],
                                           kernelSize: weight.shape[2], stride: stride, padding: padding,
                                           dilation: dilation, groups: groups)
        precondition(weight.shape[1] == geometry.inputChannelsPerGroup,
                     "Tensor.conv1d: weight \(weight.shape) expects \(weight.shape[1] * groups) input channels, input has \(channels)")
        checkBias(bias, channels: geometry.outputChannels, "conv1d")
        let outputLength = geometry.outputLength(inputLength: length)
        precondition(outputLength > 0, "Tensor.conv1d: input of \(length) frames is shorter than the kernel's reach")
        let outputShape = rank == 2 ? [geometry.outputChannels, outputLength] : [batch, geometry.outputChannels, outputLength]
        return convolve(weight: weight, bias: bias, outputShape: outputShape, batch: batch,
                        inputStride: channels * length, outputStride: geometry.outputChannels * outputLength) { x, w, b, y in
            Kernels.conv1d(geometry, input: x, inputLength: length, weight: w, bias: b, output: y)
        }
    }

    /// PyTorch `conv_transpose1d`: `self` is `[inputChannels, length]` or `[batch, inputChannels, length]`,
    /// `weight` is `[inputChannels, outputChannels / groups, kernelSize]`, `bias` is `[outputChannels]`.
    /// Output frames: `(length − 1)·stride − 2·padding + dilation·(kernel − 1) + outputPadding + 1`.
    public func convTranspose1d(weight: Tensor, bias: Tensor? = nil, stride: Int = 1, padding: Int = 0,
                                outputPadding: Int = 0, dilation: Int = 1, groups: Int = 1) -> Tensor {
        precondition(weight.rank == 3, "Tensor.convTranspose1d: weight must be [in, out/groups, kernel], got \(weight.shape)")
        let (batch, channels, length) = convolutionInputLayout("convTranspose1d")
        precondition(weight.shape[0] == channels,
                     "Tensor.convTranspose1d: weight \(weight.shape) expects \(weight.shape[0]) input channels, input has \(channels)")
        let geometry = ConvolutionGeometry(inputChannels: channels, outputChannels: weight.shape[1] * groups,
                                           kernelSize: weight.shape[2], stride: stride, padding: padding,
                                           dilation: dilation, groups: groups, outputPadding: outputPadding)
        checkBias(bias, channels: geometry.outputChannels, "convTranspose1d")
        let outputLength = geometry.transposedOutputLength(inputLength: length)
        precondition(outputLength > 0, "Tensor.convTranspose1d: \(length) input frames give no output")
        let outputShape = rank == 2 ? [geometry.outputChannels, outputLength] : [batch, geometry.outputChannels, outputLength]
        return convolve(weight: weight, bias: bias, outputShape: outputShape, batch: batch,
                        inputStride: channels * length, outputStride: geometry.outputChannels * outputLength) { x, w, b, y in
            Kernels.convTranspose1d(geometry, input: x, inputLength: length, weight: w, bias: b, output: y)
        }
    }

    /// `(batch, channels, length)` of a rank-2 or rank-3 convolution input.
    private func convolutionInputLayout(_ op: String) -> (Int, Int, Int) {
        switch rank {
        case 2: return (1, shape[0], shape[1])
        case 3: return (shape[0], shape[1], shape[2])
        default: preconditionFailure("Tensor.\(op): input must be [channels, length] or [batch, channels, length], got \(shape)")
        }
    }

    private func checkBias(_ bias: Tensor?, channels: Int, _ op: String) {
        if let bias {
            precondition(bias.shape == [channels], "Tensor.\(op): bias \(bias.shape) must be [\(channels)]")
        }
    }

    /// Runs `kernel` once per batch entry on raw pointers.
    private func convolve(weight: Tensor, bias: Tensor?, outputShape: [Int], batch: Int, inputStride: Int, outputStride: Int,
                          _ kernel: (UnsafePointer<Float>, UnsafePointer<Float>, UnsafePointer<Float>?, UnsafeMutablePointer<Float>) -> Void) -> Tensor {
        withUnsafeBufferPointer { x in
            weight.withUnsafeBufferPointer { w in
                Tensor.withOptionalPointer(bias) { b in
                    Tensor(shape: outputShape) { y in
                        for entry in 0..<batch {
                            kernel(x.baseAddress! + entry * inputStride, w.baseAddress!, b, y.baseAddress! + entry * outputStride)
                        }
                    }
                }
            }
        }
    }

    /// Calls `body` with the base address of `tensor`'s elements, or nil when there is no tensor.
    static func withOptionalPointer<R>(_ tensor: Tensor?, _ body: (UnsafePointer<Float>?) -> R) -> R {
        guard let tensor else { return body(nil) }
        return tensor.withUnsafeBufferPointer { body($0.baseAddress) }
    }
}
