import MynaNN
import MynaTensor

extension SileroVADSession {
    /// One forward pass over the window already in scratch (silero-vad 6.2.3 `TinySileroVAD.__call__`, equal to the
    /// `silero_vad_16k_op15.onnx` graph); updates the LSTM state and returns the speech probability.
    func forward() -> Float {
        let c = detector.configuration
        let window = scratch + layout.window
        // Reflect padding on the right (`F.pad(x, (0, 64), "reflect")`): padded[576 + j] = x[574 − j].
        let last = c.windowSamples - 1
        for j in 0..<c.reflectPaddingSamples { window[c.windowSamples + j] = window[last - 1 - j] }

        // STFT as a strided convolution: spectrum (4, 258), row t = basis (258, 256) · frame t (256).
        let frames = scratch + layout.frames, spectrum = scratch + layout.spectrum
        for t in 0..<c.frameCount { (frames + t * c.fftLength).update(from: window + t * c.hopLength, count: c.fftLength) }
        detector.stft.withUnsafeBufferPointer { basis in
            Kernels.rowDots(rows: 2 * c.binCount, length: c.fftLength, a: basis.baseAddress!, lda: c.fftLength,
                            vectorCount: c.frameCount, x: frames, ldx: c.fftLength, y: spectrum, ldy: 2 * c.binCount)
        }
        // Magnitude (4, 129) = sqrt(re² + im²). Encoder activations are frame-major: (frames, channels).
        var input = scratch + layout.activationA, outputBuffer = scratch + layout.activationB
        for t in 0..<c.frameCount {
            let row = spectrum + t * 2 * c.binCount, magnitude = input + t * c.binCount
            for bin in 0..<c.binCount {
                let re = row[bin], im = row[c.binCount + bin]
                magnitude[bin] = (re * re + im * im).squareRoot()
            }
        }

        // Encoder: conv + ReLU four times, channels × frames (129, 4) → (128, 4) → (64, 2) → (64, 1) → (128, 1).
        var length = c.frameCount
        for layer in detector.encoder {
            length = convolve(layer, input: input, length: length, output: outputBuffer)
            Kernels.relu(UnsafeMutableBufferPointer(start: outputBuffer, count: layer.geometry.outputChannels * length))
            swap(&input, &outputBuffer)
        }

        // Decoder: LSTM cell on the 128 features, ReLU, 1×1 convolution, sigmoid (mean over one frame is the value).
        let hidden = scratch + layout.hidden, cell = scratch + layout.cell
        detector.lstm.step(input: input, gates: scratch + layout.gates, hidden: hidden, cell: cell)
        var logit: Float = 0
        detector.output.weight.withUnsafeBufferPointer { w in
            for j in 0..<c.hiddenSize { logit += w[j] * max(hidden[j], 0) }
        }
        detector.output.bias!.withUnsafeBufferPointer { logit += $0[0] }
        return Kernels.sigmoid(logit)
    }

    /// `layer` over `input` `(length, inputChannels)` into `output` `(outputLength, outputChannels)`, both frame-major:
    /// im2col into the session's column scratch (one contiguous column per output frame, in the weight's
    /// (channel, tap) order), then each output channel's weight row dotted with every column; returns the output length.
    private func convolve(_ layer: Conv1d, input: UnsafeMutablePointer<Float>, length: Int,
                          output: UnsafeMutablePointer<Float>) -> Int {
        let g = layer.geometry
        let outputLength = g.outputLength(inputLength: length)
        let columns = scratch + layout.columns
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
        layer.bias!.withUnsafeBufferPointer { bias in
            for j in 0..<outputLength { (output + j * g.outputChannels).update(from: bias.baseAddress!, count: g.outputChannels) }
        }
        layer.weight.withUnsafeBufferPointer { weight in
            Kernels.rowDots(rows: g.outputChannels, length: rows, a: weight.baseAddress!, lda: rows,
                            vectorCount: outputLength, x: columns, ldx: rows, y: output, ldy: g.outputChannels,
                            accumulating: true)
        }
        return outputLength
    }
}
