extension Kernels {
    /// Largest im2col/col2im scratch a convolution uses at once (in floats, 8 MiB): tiles of output frames keep the
    /// column matrix in cache-friendly pieces and bound memory for long inputs.
    static let convolutionScratchLimit = 1 << 21

    /// Regular 1-D convolution of one batch entry (PyTorch `conv1d`, cross-correlation).
    ///
    /// - input: `[inputChannels, inputLength]`; weight: `[outputChannels, inputChannels / groups, kernelSize]`;
    ///   bias: `[outputChannels]` or nil; output: `[outputChannels, geometry.outputLength(inputLength:)]`.
    ///
    /// Groups with one input channel each (depthwise) use a direct kernel; everything else is im2col + sgemm per
    /// group and tile (`im2colConv1d`, in scratch allocated per call), and a pointwise convolution (kernel 1, stride 1,
    /// no padding) skips im2col entirely.
    public static func conv1d(_ geometry: ConvolutionGeometry, input: UnsafePointer<Float>, inputLength: Int,
                              weight: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
                              output: UnsafeMutablePointer<Float>) {
        let g = geometry
        let outputLength = g.outputLength(inputLength: inputLength)
        guard outputLength > 0 else { return }
        let inPerGroup = g.inputChannelsPerGroup, outPerGroup = g.outputChannelsPerGroup
        let taps = g.kernelSize
        if inPerGroup == 1 {
            conv1dDirect(g, input: input, inputLength: inputLength, weight: weight, bias: bias,
                         output: output, outputLength: outputLength)
            return
        }
        let rowsPerGroup = inPerGroup * taps  // im2col rows: (channel, tap)
        if taps == 1 && g.stride == 1 && g.padding == 0 {
            for group in 0..<g.groups {
                gemm(m: outPerGroup, n: outputLength, k: inPerGroup,
                     a: weight + group * outPerGroup * rowsPerGroup, lda: rowsPerGroup,
                     b: input + group * inPerGroup * inputLength, ldb: inputLength,
                     c: output + group * outPerGroup * outputLength, ldc: outputLength)
            }
        } else {
            let tile = Swift.min(outputLength, Swift.max(64, convolutionScratchLimit / rowsPerGroup))
            let columns = UnsafeMutableBufferPointer<Float>.allocate(capacity: rowsPerGroup * tile)
            defer { columns.deallocate() }
            im2colConv1d(g, input: input, inputLength: inputLength, weight: weight, output: output, columns: columns)
        }
        if let bias {
            parallelChunks(g.outputChannels, minimumChunk: Swift.max(1, 16384 / outputLength)) { channels in
                for channel in channels {
                    let line = output + channel * outputLength
                    let value = bias[channel]
                    for j in 0..<outputLength { line[j] += value }
                }
            }
        }
    }

    /// Direct kernel for groups with one input channel (depthwise and channel-multiplier convolutions), where a
    /// GEMM would have a single-row inner dimension: per output channel, accumulate each tap over a shifted row.
    static func conv1dDirect(_ g: ConvolutionGeometry, input: UnsafePointer<Float>, inputLength: Int,
                             weight: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
                             output: UnsafeMutablePointer<Float>, outputLength: Int) {
        let outPerGroup = g.outputChannelsPerGroup
        parallelChunks(g.outputChannels, minimumChunk: Swift.max(1, 16384 / (outputLength * g.kernelSize))) { channels in
            for channel in channels {
                let source = input + (channel / outPerGroup) * inputLength
                let line = output + channel * outputLength
                line.update(repeating: bias?[channel] ?? 0, count: outputLength)
                for tap in 0..<g.kernelSize {
                    let w = weight[channel * g.kernelSize + tap]
                    let first = tap * g.dilation - g.padding
                    let (low, high) = validRange(first: first, step: g.stride, count: outputLength, length: inputLength)
                    if g.stride == 1 {
                        let shifted = source + first
                        for j in low..<high { line[j] += w * shifted[j] }
                    } else {
                        for j in low..<high { line[j] += w * source[first + j * g.stride] }
                    }
                }
            }
        }
    }

    /// Transposed 1-D convolution of one batch entry (PyTorch `conv_transpose1d`): the adjoint of `conv1d`.
    ///
    /// - input: `[inputChannels, inputLength]`; weight: `[inputChannels, outputChannels / groups, kernelSize]`;
    ///   bias: `[outputChannels]` or nil; output: `[outputChannels, geometry.transposedOutputLength(inputLength:)]`.
    ///
    /// Per group and tile of input frames: columns `(outPerGroup·kernel, frames) = W_gᵀ · x_g` by sgemm, then
    /// col2im scatters each column entry to output frame `t·stride − padding + tap·dilation`, in parallel over
    /// output channels (each writes only its own row).
    public static func convTranspose1d(_ geometry: ConvolutionGeometry, input: UnsafePointer<Float>, inputLength: Int,
                                       weight: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
                                       output: UnsafeMutablePointer<Float>) {
        let g = geometry
        let outputLength = g.transposedOutputLength(inputLength: inputLength)
        guard outputLength > 0 else { return }
        let inPerGroup = g.inputChannelsPerGroup, outPerGroup = g.outputChannelsPerGroup
        let taps = g.kernelSize
        let rowsPerGroup = outPerGroup * taps
        for channel in 0..<g.outputChannels {
            (output + channel * outputLength).update(repeating: bias?[channel] ?? 0, count: outputLength)
        }
        guard inputLength > 0 else { return }
        let tile = Swift.min(inputLength, Swift.max(64, convolutionScratchLimit / rowsPerGroup))
        let columns = UnsafeMutablePointer<Float>.allocate(capacity: rowsPerGroup * tile)
        defer { columns.deallocate() }
        for group in 0..<g.groups {
            var start = 0
            while start < inputLength {
                let width = Swift.min(tile, inputLength - start)
                // columns (outPerGroup·taps, width) = W_g (inPerGroup, outPerGroup·taps)ᵀ · x_g (inPerGroup, width)
                gemm(transposeA: true, m: rowsPerGroup, n: width, k: inPerGroup,
                     a: weight + group * inPerGroup * rowsPerGroup, lda: rowsPerGroup,
                     b: input + group * inPerGroup * inputLength + start, ldb: inputLength,
                     c: columns, ldc: width)
                parallelChunks(outPerGroup, minimumChunk: Swift.max(1, 16384 / (width * taps))) { channels in
                    for channel in channels {
                        let line = output + (group * outPerGroup + channel) * outputLength
                        for tap in 0..<taps {
                            let row = columns + (channel * taps + tap) * width
                            let first = start * g.stride - g.padding + tap * g.dilation
                            // Output frame of column j is first + j·stride; keep those inside [0, outputLength).
                            let (low, high) = validRange(first: first, step: g.stride, count: width, length: outputLength)
                            if g.stride == 1 {
                                let shifted = line + first
                                for j in low..<high { shifted[j] += row[j] }
                            } else {
                                var position = first + low * g.stride
                                for j in low..<high {
                                    line[position] += row[j]
                                    position += g.stride
                                }
                            }
                        }
                    }
                }
                start += width
            }
        }
    }

    /// The `j` in `0..<count` with `0 ≤ first + j·step < length`, as a half-open range `(low, high)` (low ≤ high).
    @inline(__always)
    static func validRange(first: Int, step: Int, count: Int, length: Int) -> (Int, Int) {
        // low: smallest j with first + j·step ≥ 0; high: smallest j with first + j·step ≥ length.
        let low = first >= 0 ? 0 : (-first + step - 1) / step
        let high = first >= length ? 0 : (length - first + step - 1) / step
        let clampedHigh = Swift.min(count, high)
        let clampedLow = Swift.min(low, clampedHigh)
        return (clampedLow, clampedHigh)
    }
}
