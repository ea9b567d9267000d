import MynaNN
import MynaTensor

/// The stateless part of Silero VAD for a whole recording (`SileroVoiceDetector.speechProbabilities`): STFT,
/// encoder and the decoder LSTM's input projection of every step, each layer one sgemm over a block of steps
/// (OpenBLAS's vector kernels and threads) instead of `SileroVADSession.encode`'s row-dot products per step. What is
/// left per step is the LSTM's recurrent product and the head (`SileroVADSession.decode(inputGates:)`).
///
/// Each step sees its own 576 samples, as a session would: the 64 before it (zeros before the start) and its 512,
/// the last step zero-padded. Results equal the session's within float rounding (sgemm sums in another order).
/// Thread-safety: immutable; one call's scratch is its own.
struct SileroBatchEncoder {
    /// Steps per block: about 20 MB of scratch, products large enough for OpenBLAS's threads.
    static let blockSteps = 1024

    let detector: SileroVoiceDetector

    /// `(stepCount, 4·hiddenSize)`: `b_ih + b_hh + W_ih · encoder(step)` for every 512-sample step of `audio`.
    func inputGates(of audio: UnsafeBufferPointer<Float>) -> [Float] {
        let c = detector.configuration
        let stepCount = (audio.count + c.stepSamples - 1) / c.stepSamples
        let gateCount = 4 * detector.lstm.hiddenSize
        let block = Swift.min(Self.blockSteps, stepCount)
        let sizes = Scratch(detector, steps: block)
        let scratch = UnsafeMutablePointer<Float>.allocate(capacity: sizes.total)
        defer { scratch.deallocate() }
        return [Float](unsafeUninitializedCapacity: stepCount * gateCount) { result, initialized in
            for first in stride(from: 0, to: stepCount, by: block) {
                let count = Swift.min(block, stepCount - first)
                let features = encode(audio, steps: first..<(first + count), scratch: scratch, sizes)
                // (count, 4H) ← b_ih + b_hh + features · W_ihᵀ.
                detector.lstm.inputProjection.apply(rows: count, input: features, inputStride: detector.lstm.inputSize,
                                                    output: result.baseAddress! + first * gateCount, outputStride: gateCount)
            }
            initialized = stepCount * gateCount
        }
    }

    /// The encoder's features `(steps, lstm.inputSize)` of `steps`, in `scratch`.
    private func encode(_ audio: UnsafeBufferPointer<Float>, steps: Range<Int>, scratch: UnsafeMutablePointer<Float>,
                        _ sizes: Scratch) -> UnsafeMutablePointer<Float> {
        let c = detector.configuration
        let n = steps.count
        let windows = scratch + sizes.windows, frames = scratch + sizes.frames, spectrum = scratch + sizes.spectrum
        for (i, index) in steps.enumerated() {
            let window = windows + i * c.paddedSamples
            fillWindow(window, step: index, audio)
            SileroSpectrum.reflectPad(window, c)
            SileroSpectrum.frame(window, into: frames + i * c.frameCount * c.fftLength, c)
        }
        // (n·frames, 2·bins) = frames · basisᵀ.
        detector.stft.withUnsafeBufferPointer { basis in
            Kernels.gemm(transposeB: true, m: n * c.frameCount, n: 2 * c.binCount, k: c.fftLength, a: frames,
                         lda: c.fftLength, b: basis.baseAddress!, ldb: c.fftLength, c: spectrum, ldc: 2 * c.binCount)
        }
        var input = scratch + sizes.activationA, output = scratch + sizes.activationB
        SileroSpectrum.magnitudes(spectrum, rows: n * c.frameCount, binCount: c.binCount, into: input)
        // Encoder: each window's activations frame-major (length, channels), windows one after another.
        var length = c.frameCount
        let columns = scratch + sizes.columns
        for layer in detector.encoder {
            let g = layer.geometry, rows = g.inputChannels * g.kernelSize
            let outputLength = g.outputLength(inputLength: length)
            for i in 0..<n {
                FrameMajorColumns.fill(g, input: input + i * length * g.inputChannels, length: length,
                                       columns: columns + i * outputLength * rows)
            }
            layer.bias!.withUnsafeBufferPointer { bias in
                for row in 0..<(n * outputLength) {
                    (output + row * g.outputChannels).update(from: bias.baseAddress!, count: g.outputChannels)
                }
            }
            layer.weight.withUnsafeBufferPointer { weight in
                Kernels.gemm(transposeB: true, m: n * outputLength, n: g.outputChannels, k: rows, a: columns, lda: rows,
                             b: weight.baseAddress!, ldb: rows, beta: 1, c: output, ldc: g.outputChannels)
            }
            Kernels.relu(UnsafeMutableBufferPointer(start: output, count: n * outputLength * g.outputChannels))
            swap(&input, &output)
            length = outputLength
        }
        return input
    }

    /// Step `index`'s window before padding: `[64 samples before the step (zeros before the start) | its 512 samples,
    /// zero-padded]`.
    private func fillWindow(_ window: UnsafeMutablePointer<Float>, step index: Int, _ audio: UnsafeBufferPointer<Float>) {
        let c = detector.configuration
        let start = index * c.stepSamples
        let contextStart = Swift.max(0, start - c.contextSamples), missing = c.contextSamples - (start - contextStart)
        window.update(repeating: 0, count: missing)
        (window + missing).update(from: audio.baseAddress! + contextStart, count: start - contextStart)
        let fresh = Swift.min(c.stepSamples, audio.count - start)
        (window + c.contextSamples).update(from: audio.baseAddress! + start, count: fresh)
        (window + c.contextSamples + fresh).update(repeating: 0, count: c.stepSamples - fresh)
    }

    /// Offsets of the buffers for a block of `steps` in one allocation.
    private struct Scratch {
        let windows, frames, spectrum, activationA, activationB, columns, total: Int

        init(_ detector: SileroVoiceDetector, steps: Int) {
            let c = detector.configuration
            var activation = c.binCount * c.frameCount, columnCount = 0, length = c.frameCount
            for layer in detector.encoder {
                let g = layer.geometry, outputLength = g.outputLength(inputLength: length)
                columnCount = Swift.max(columnCount, g.inputChannels * g.kernelSize * outputLength)
                activation = Swift.max(activation, g.outputChannels * outputLength)
                length = outputLength
            }
            var offset = 0
            func take(_ perStep: Int) -> Int { defer { offset += perStep * steps }; return offset }
            windows = take(c.paddedSamples)
            frames = take(c.frameCount * c.fftLength)
            spectrum = take(c.frameCount * 2 * c.binCount)
            activationA = take(activation)
            activationB = take(activation)
            columns = take(columnCount)
            total = offset
        }
    }
}
