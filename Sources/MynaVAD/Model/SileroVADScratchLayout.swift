/// Offsets (in floats) of each buffer inside a session's one scratch allocation, and the shapes they hold.
struct SileroVADScratchLayout {
    /// `[paddedSamples]`: context, new samples, reflect padding.
    let window: Int
    /// `[frameCount, fftLength]`: the STFT frames, one row each (im2col of the strided convolution).
    let frames: Int
    /// `[frameCount, 2·binCount]`: real then imaginary parts per frame.
    let spectrum: Int
    /// Encoder activations, ping-pong: `[channels, frames]`, large enough for any layer's input or output.
    let activationA: Int, activationB: Int
    /// im2col columns of an encoder convolution: `[inputChannels·3, outputFrames]`.
    let columns: Int
    /// `[4·hiddenSize]` LSTM gates; `[hiddenSize]` hidden and cell state (carried); `[hiddenSize]` ReLU of hidden.
    let gates: Int, hidden: Int, cell: Int, rectified: Int
    let totalCount: Int

    init(_ detector: SileroVoiceDetector) {
        let c = detector.configuration
        var activation = c.binCount * c.frameCount
        var columns = 0
        var frames = c.frameCount
        for layer in detector.encoder {
            let g = layer.geometry
            let outputFrames = g.outputLength(inputLength: frames)
            columns = max(columns, g.inputChannels * g.kernelSize * outputFrames)
            activation = max(activation, g.outputChannels * outputFrames)
            frames = outputFrames
        }
        var offset = 0
        func take(_ count: Int) -> Int { defer { offset += count }; return offset }
        window = take(c.paddedSamples)
        self.frames = take(c.frameCount * c.fftLength)
        spectrum = take(c.frameCount * 2 * c.binCount)
        activationA = take(activation)
        activationB = take(activation)
        self.columns = take(columns)
        gates = take(4 * c.hiddenSize)
        hidden = take(c.hiddenSize)
        cell = take(c.hiddenSize)
        rectified = take(c.hiddenSize)
        totalCount = offset
    }
}
