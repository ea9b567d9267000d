import MynaNN
import MynaTensor

extension SileroVADSession {
    /// One forward pass over the window already in scratch (silero-vad 6.2.3 `TinySileroVAD.__call__`, equal to the
    /// `silero_vad_16k_op15.onnx` graph); updates the LSTM state and returns the speech probability.
    func forward() -> Float { decode(encode()) }

    /// The stateless part of a step: STFT and encoder over the window in scratch; returns the encoder's features
    /// (`lstm.inputSize` floats, in this session's scratch until the next `encode`).
    func encode() -> UnsafePointer<Float> {
        let c = detector.configuration
        let window = scratch + layout.window
        SileroSpectrum.reflectPad(window, c)
        // STFT as a strided convolution: spectrum (4, 258), row t = basis (258, 256) · frame t (256).
        let frames = scratch + layout.frames, spectrum = scratch + layout.spectrum
        SileroSpectrum.frame(window, into: frames, c)
        detector.stft.withUnsafeBufferPointer { basis in
            Kernels.rowDots(rows: 2 * c.binCount, length: c.fftLength, a: basis.baseAddress!, lda: c.fftLength,
                            vectorCount: c.frameCount, x: frames, ldx: c.fftLength, y: spectrum, ldy: 2 * c.binCount)
        }
        // Magnitude (4, 129). Encoder activations are frame-major: (frames, channels).
        var input = scratch + layout.activationA, outputBuffer = scratch + layout.activationB
        SileroSpectrum.magnitudes(spectrum, rows: c.frameCount, binCount: c.binCount, into: input)

        // Encoder: conv + ReLU four times, channels × frames (129, 4) → (128, 4) → (64, 2) → (64, 1) → (128, 1).
        var length = c.frameCount
        for layer in detector.encoder {
            length = convolve(layer, input: input, length: length, output: outputBuffer)
            Kernels.relu(UnsafeMutableBufferPointer(start: outputBuffer, count: layer.geometry.outputChannels * length))
            swap(&input, &outputBuffer)
        }
        return UnsafePointer(input)
    }

    /// The stateful part of a step, on the encoder's `features`: LSTM cell (updating this session's state), ReLU,
    /// 1×1 convolution, sigmoid (the mean over one frame is the value); returns the speech probability.
    func decode(_ features: UnsafePointer<Float>) -> Float {
        detector.lstm.step(input: features, gates: scratch + layout.gates, hidden: scratch + layout.hidden,
                           cell: scratch + layout.cell)
        return head()
    }

    /// `decode` with the LSTM's input projection `b + W_ih·features` already made (`SileroBatchEncoder`).
    func decode(inputGates: UnsafePointer<Float>) -> Float {
        detector.lstm.step(inputGates: inputGates, gates: scratch + layout.gates, hidden: scratch + layout.hidden,
                           cell: scratch + layout.cell)
        return head()
    }

    /// ReLU of the new hidden state, 1×1 convolution to one logit, sigmoid.
    private func head() -> Float {
        let c = detector.configuration
        let hidden = scratch + layout.hidden
        var logit: Float = 0
        detector.output.weight.withUnsafeBufferPointer { w in
            for j in 0..<c.hiddenSize { logit += w[j] * max(hidden[j], 0) }
        }
        detector.output.bias!.withUnsafeBufferPointer { logit += $0[0] }
        return Kernels.sigmoid(logit)
    }

    /// `layer` over `input` `(length, inputChannels)` into `output` `(outputLength, outputChannels)`, both frame-major:
    /// im2col into the session's column scratch (`FrameMajorColumns`), then each output channel's weight row dotted
    /// with every column; returns the output length.
    private func convolve(_ layer: Conv1d, input: UnsafeMutablePointer<Float>, length: Int,
                          output: UnsafeMutablePointer<Float>) -> Int {
        let g = layer.geometry
        let columns = scratch + layout.columns
        let rows = g.inputChannels * g.kernelSize
        let outputLength = FrameMajorColumns.fill(g, input: input, length: length, columns: columns)
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
