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

        // STFT as a strided convolution: frames (4, 256) · basisᵀ (256, 258) → spectrum (4, 258).
        let frames = scratch + layout.frames, spectrum = scratch + layout.spectrum
        for t in 0..<c.frameCount { (frames + t * c.fftLength).update(from: window + t * c.hopLength, count: c.fftLength) }
        detector.stft.withUnsafeBufferPointer { basis in
            Kernels.gemm(transposeB: true, m: c.frameCount, n: 2 * c.binCount, k: c.fftLength, a: frames, lda: c.fftLength,
                         b: basis.baseAddress!, ldb: c.fftLength, c: spectrum, ldc: 2 * c.binCount)
        }
        // Magnitude, channel-major for the encoder: (129, 4) = sqrt(re² + im²).
        var input = scratch + layout.activationA, outputBuffer = scratch + layout.activationB
        for t in 0..<c.frameCount {
            let row = spectrum + t * 2 * c.binCount
            for bin in 0..<c.binCount {
                let re = row[bin], im = row[c.binCount + bin]
                input[bin * c.frameCount + t] = (re * re + im * im).squareRoot()
            }
        }

        // Encoder: conv + ReLU four times, (129, 4) → (128, 4) → (64, 2) → (64, 1) → (128, 1).
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

    /// `layer` over `input` `(inputChannels, length)` into `output` `(outputChannels, outputLength)` by im2col into the
    /// session's column scratch and one matrix product; returns the output length.
    private func convolve(_ layer: Conv1d, input: UnsafeMutablePointer<Float>, length: Int,
                          output: UnsafeMutablePointer<Float>) -> Int {
        let g = layer.geometry
        let outputLength = g.outputLength(inputLength: length)
        let columns = scratch + layout.columns
        let rows = g.inputChannels * g.kernelSize
        // columns (channel·taps + tap, j) = input[channel, j·stride − padding + tap], zero outside.
        for channel in 0..<g.inputChannels {
            let line = input + channel * length
            for tap in 0..<g.kernelSize {
                let row = columns + (channel * g.kernelSize + tap) * outputLength
                for j in 0..<outputLength {
                    let position = j * g.stride - g.padding + tap * g.dilation
                    row[j] = position >= 0 && position < length ? line[position] : 0
                }
            }
        }
        layer.bias!.withUnsafeBufferPointer { bias in
            for channel in 0..<g.outputChannels {
                (output + channel * outputLength).update(repeating: bias[channel], count: outputLength)
            }
        }
        layer.weight.withUnsafeBufferPointer { weight in
            if outputLength == 1 {
                Kernels.gemv(m: g.outputChannels, n: rows, a: weight.baseAddress!, lda: rows, x: columns, beta: 1, y: output)
            } else {
                Kernels.gemm(m: g.outputChannels, n: outputLength, k: rows, a: weight.baseAddress!, lda: rows,
                             b: columns, ldb: outputLength, beta: 1, c: output, ldc: outputLength)
            }
        }
        return outputLength
    }
}
