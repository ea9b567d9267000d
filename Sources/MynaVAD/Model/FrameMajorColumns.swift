import MynaTensor

/// im2col for the encoder's convolutions on frame-major activations `(length, inputChannels)`: one contiguous column
/// per output frame, in the weight's (channel, tap) order, zero outside the input, so that each output channel is
/// its weight row dotted with every column. Shared by the step-by-step session and the batched encoder.
enum FrameMajorColumns {
    /// Writes the `outputLength × inputChannels·kernelSize` columns of `input` into `columns`; returns `outputLength`.
    @discardableResult
    static func fill(_ g: ConvolutionGeometry, input: UnsafePointer<Float>, length: Int,
                     columns: UnsafeMutablePointer<Float>) -> Int {
        let outputLength = g.outputLength(inputLength: length)
        let rows = g.inputChannels * g.kernelSize
        // columns (j, channel·taps + tap) = input[j·stride − padding + tap, channel], zero outside.
        for j in 0..<outputLength {
            let column = columns + j * rows
            for tap in 0..<g.kernelSize {
                let position = j * g.stride - g.padding + tap * g.dilation
                if position >= 0 && position < length {
                    let frame = input + position * g.inputChannels
                    for channel in 0..<g.inputChannels { column[channel * g.kernelSize + tap] = frame[channel] }
                } else {
                    for channel in 0..<g.inputChannels { column[channel * g.kernelSize + tap] = 0 }
                }
            }
        }
        return outputLength
    }
}
