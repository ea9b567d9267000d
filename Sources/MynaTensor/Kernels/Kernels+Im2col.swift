extension Kernels {
    /// A pointwise map fused into im2col's gather: `(source, destination, count)` writes `count` mapped values of
    /// `source` to `destination`, which may be `source`. HiFi-GAN passes its LeakyReLU here, so the activated input
    /// is never stored on its own.
    public typealias ColumnMap = (UnsafePointer<Float>, UnsafeMutablePointer<Float>, Int) -> Void

    /// `output {=, +=} W · im2col(map(input))`: a regular 1-D convolution of one batch entry (PyTorch `conv1d`,
    /// cross-correlation) by im2col + one sgemm per group and tile of output frames, in caller-owned scratch, so a
    /// caller that convolves many times (a vocoder session) allocates nothing per call.
    ///
    /// - Parameters:
    ///   - input: `[inputChannels, inputLength]`.
    ///   - weight: per group, `outputChannelsPerGroup` rows of `inputChannelsPerGroup · kernelSize` weights (PyTorch's
    ///     `[out, in / groups, kernel]`), each row followed by its bias when `biasColumn`.
    ///   - biasColumn: the weight rows end with their bias, and a row of ones under the columns makes the sgemm add
    ///     it inside its own sum (no separate pass over the output). Without it no bias is added here.
    ///   - output: `[outputChannels, geometry.outputLength(inputLength:)]`.
    ///   - accumulate: add to `output` (a residual connection) instead of overwriting it. `output` must not overlap
    ///     `input`.
    ///   - columns: scratch. Frames are taken in tiles of `columns.count / rows` (`rows`: `inputChannelsPerGroup ·
    ///     kernelSize`, plus one with `biasColumn`), which must be at least one frame.
    ///   - map: applied to the input values as they are gathered (the zero padding stays zero); nil copies them.
    public static func im2colConv1d(_ geometry: ConvolutionGeometry, input: UnsafePointer<Float>, inputLength: Int,
                                    weight: UnsafePointer<Float>, biasColumn: Bool = false,
                                    output: UnsafeMutablePointer<Float>, accumulate: Bool = false,
                                    columns: UnsafeMutableBufferPointer<Float>, map: ColumnMap? = nil) {
        let g = geometry
        let outputLength = g.outputLength(inputLength: inputLength)
        guard outputLength > 0 else { return }
        let inPerGroup = g.inputChannelsPerGroup, outPerGroup = g.outputChannelsPerGroup
        let gathered = inPerGroup * g.kernelSize  // im2col rows: (channel, tap)
        let rows = gathered + (biasColumn ? 1 : 0)
        let tile = Swift.min(outputLength, columns.count / rows)
        precondition(tile > 0, "Kernels.im2colConv1d: \(columns.count) floats of scratch for \(rows) rows")
        let scratch = columns.baseAddress!
        for group in 0..<g.groups {
            let groupInput = input + group * inPerGroup * inputLength
            var start = 0
            while start < outputLength {
                let width = Swift.min(tile, outputLength - start)
                im2col(g, input: groupInput, inputLength: inputLength, start: start, width: width,
                       into: scratch, map: map)
                if biasColumn { (scratch + gathered * width).update(repeating: 1, count: width) }
                gemm(m: outPerGroup, n: width, k: rows,
                     a: weight + group * outPerGroup * rows, lda: rows,
                     b: scratch, ldb: width, beta: accumulate ? 1 : 0,
                     c: output + group * outPerGroup * outputLength + start, ldc: outputLength)
                start += width
            }
        }
    }

    /// im2col of one group's output frames `start ..< start + width` into `columns (inputChannelsPerGroup ·
    /// kernelSize, width)`: row `(c, tap)`, column `j` holds `map(input[c, (start + j)·stride − padding +
    /// tap·dilation])`, zero outside `0..<inputLength`. In parallel over rows.
    static func im2col(_ g: ConvolutionGeometry, input: UnsafePointer<Float>, inputLength: Int, start: Int, width: Int,
                       into columns: UnsafeMutablePointer<Float>, map: ColumnMap?) {
        let taps = g.kernelSize
        parallelChunks(g.inputChannelsPerGroup * taps, minimumChunk: Swift.max(1, 4096 / width)) { rows in
            for row in rows {
                let channel = row / taps, tap = row % taps
                let first = start * g.stride - g.padding + tap * g.dilation  // input frame of column 0
                let line = columns + row * width
                let (low, high) = validRange(first: first, step: g.stride, count: width, length: inputLength)
                let source = input + channel * inputLength
                if low > 0 { line.update(repeating: 0, count: low) }
                if g.stride == 1 {
                    if let map {
                        map(source + first + low, line + low, high - low)
                    } else {
                        (line + low).update(from: source + first + low, count: high - low)
                    }
                } else {
                    var position = first + low * g.stride
                    for j in low..<high {
                        line[j] = source[position]
                        position += g.stride
                    }
                    map?(line + low, line + low, high - low)
                }
                if high < width { (line + high).update(repeating: 0, count: width - high) }
            }
        }
    }
}
