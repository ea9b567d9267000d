import MynaTensor

/// The scratch buffers a convolution may use (owned by a `HiFiGANSession`).
struct HiFiGANScratch {
    let columns: UnsafeMutablePointer<Float>
    let columnCapacity: Int
    let padded: UnsafeMutablePointer<Float>
    let paddedCapacity: Int
}

/// One stride-1, length-preserving `Conv1d` of the generator (`conv_pre`, the residual blocks' convolutions,
/// `conv_post`), with the LeakyReLU that precedes every such convolution in HiFi-GAN applied while its input is
/// gathered. Two ways to the same sums: MynaTensor's im2col + one sgemm per tile with the bias folded into the
/// product (`apply`, for narrow layers), or one sgemm per tap on a zero-padded copy of the input (`applyShifted`, for
/// wide ones).
///
/// `y[o, t] = b[o] + Σ_c Σ_k w[o, c, k] · act(x[c, t + k·dilation − padding])`, zero outside `0..<length`
/// (PyTorch `conv1d` with `padding = dilation·(kernel − 1) / 2`). Thread-safety: immutable; share freely.
struct HiFiGANConvolution: Sendable {
    let inputChannels: Int
    let outputChannels: Int
    let kernelSize: Int
    let dilation: Int
    let padding: Int
    /// The same hyper-parameters for MynaTensor's kernels (stride 1, one group).
    let geometry: ConvolutionGeometry
    /// `[outputChannels, inputChannels·kernelSize + 1]`: PyTorch's `[out, in, kernel]` rows, each followed by its bias
    /// (0 without one), so that a row of ones under the im2col columns adds the bias inside the sgemm.
    let matrix: [Float]
    /// `[kernelSize, outputChannels, inputChannels]`: one weight matrix per tap, for the shifted-GEMM path.
    let tapMatrices: [Float]
    /// `[outputChannels]` (zeros without a bias).
    let bias: [Float]

    /// Columns per output row of `matrix`: `inputChannels·kernelSize + 1`.
    var rowLength: Int { inputChannels * kernelSize + 1 }

    /// - Parameters:
    ///   - weight: `[outputChannels, inputChannels, kernelSize]` (weight norm already folded).
    ///   - bias: `[outputChannels]` or nil.
    ///   - weightScale: multiplies the weights (not the bias): the generator folds the `1 / kernels` average of the
    ///     preceding multi-receptive-field fusion into the next layer this way.
    init(weight: Tensor, bias: Tensor?, dilation: Int = 1, weightScale: Float = 1) {
        precondition(weight.rank == 3 && weight.shape[2] % 2 == 1, "HiFiGANConvolution: weight \(weight.shape) must be [out, in, odd kernel]")
        let inputChannels = weight.shape[1], outputChannels = weight.shape[0], kernelSize = weight.shape[2]
        self.inputChannels = inputChannels
        self.outputChannels = outputChannels
        self.kernelSize = kernelSize
        self.dilation = dilation
        padding = dilation * (kernelSize - 1) / 2
        geometry = ConvolutionGeometry(inputChannels: inputChannels, outputChannels: outputChannels,
                                       kernelSize: kernelSize, padding: padding, dilation: dilation)
        let taps = inputChannels * kernelSize
        let rowLength = taps + 1
        tapMatrices = weight.withUnsafeBufferPointer { w in
            [Float](unsafeUninitializedCapacity: outputChannels * taps) { out, initialized in
                for tap in 0..<kernelSize {
                    for o in 0..<outputChannels {
                        for c in 0..<inputChannels {
                            out[(tap * outputChannels + o) * inputChannels + c] = w[(o * inputChannels + c) * kernelSize + tap] * weightScale
                        }
                    }
                }
                initialized = outputChannels * taps
            }
        }
        self.bias = Tensor.withOptionalBuffer(bias) { b in (0..<outputChannels).map { b?[$0] ?? 0 } }
        matrix = weight.withUnsafeBufferPointer { w in
            Tensor.withOptionalBuffer(bias) { b in
                [Float](unsafeUninitializedCapacity: outputChannels * rowLength) { out, initialized in
                    for o in 0..<outputChannels {
                        for i in 0..<taps { out[o * rowLength + i] = w[o * taps + i] * weightScale }
                        out[o * rowLength + taps] = b?[o] ?? 0
                    }
                    initialized = outputChannels * rowLength
                }
            }
        }
    }

    /// Layers with at least this many input channels use `applyShifted`, narrower ones im2col (`apply`). Measured on
    /// V1 (one core, 80 frames): im2col everywhere 1.05 s per pass, shifted GEMMs from 128 channels 0.93 s, from 32
    /// (every V1 layer) 0.88 s; below 32 channels an sgemm with so short an inner dimension loses to im2col.
    static let shiftedMinimumChannels = 32

    /// Whether `run` copies all of its input before writing its output, so that `output` may be `input`.
    var copiesInputFirst: Bool { inputChannels >= Self.shiftedMinimumChannels }

    /// `output (outputChannels, length) {=, +=} conv(act(input (inputChannels, length)))` by the faster path.
    func run(_ input: UnsafePointer<Float>, length: Int, slope: Float?, into output: UnsafeMutablePointer<Float>,
             accumulate: Bool, scratch: HiFiGANScratch) {
        if inputChannels >= Self.shiftedMinimumChannels {
            precondition(paddedCount(length: length) <= scratch.paddedCapacity, "HiFiGANConvolution: padded scratch too small")
            applyShifted(input, length: length, slope: slope, into: output, accumulate: accumulate, padded: scratch.padded)
        } else {
            apply(input, length: length, slope: slope, into: output, accumulate: accumulate, columns: scratch.columns,
                  columnCapacity: scratch.columnCapacity)
        }
    }

    /// `output (outputChannels, length) {=, +=} conv(act(input (inputChannels, length)))` by MynaTensor's im2col
    /// convolution (`Kernels.im2colConv1d`), with the bias folded into the sgemm and the LeakyReLU into the gather.
    ///
    /// - Parameters:
    ///   - slope: LeakyReLU slope applied to the input while gathering (nil: none).
    ///   - accumulate: add to `output` (a residual connection) instead of overwriting it. `output` must not overlap
    ///     `input`.
    ///   - columns: scratch of at least `columnCapacity` floats, which must be at least `rowLength · 16`.
    func apply(_ input: UnsafePointer<Float>, length: Int, slope: Float?, into output: UnsafeMutablePointer<Float>,
               accumulate: Bool, columns: UnsafeMutablePointer<Float>, columnCapacity: Int) {
        let rows = rowLength
        let tile = Swift.min(length, Swift.max(16, columnCapacity / rows))
        precondition(rows * tile <= columnCapacity, "HiFiGANConvolution: \(columnCapacity) floats of scratch for \(rows) × \(tile)")
        let activation: Kernels.ColumnMap? = slope.map { slope in
            { HiFiGANActivation.leakyReLU($0, into: $1, count: $2, slope: slope) }
        }
        matrix.withUnsafeBufferPointer { weights in
            Kernels.im2colConv1d(geometry, input: input, inputLength: length, weight: weights.baseAddress!,
                                 biasColumn: true, output: output, accumulate: accumulate,
                                 columns: UnsafeMutableBufferPointer(start: columns, count: rows * tile), map: activation)
        }
    }

    /// Floats of `padded` scratch `applyShifted` needs for `length` frames.
    func paddedCount(length: Int) -> Int { inputChannels * (length + 2 * padding) }

    /// The same convolution as `apply` by one sgemm per tap on a zero-padded, activated copy of the input:
    /// `output += W_tap · act(x)[:, t + tap·dilation − padding]` (row stride `length + 2·padding`), so OpenBLAS packs
    /// the input directly instead of an im2col copy `kernelSize` times its size. Pays off for wide layers, where each
    /// sgemm's inner dimension (the input channels) is long enough on its own.
    func applyShifted(_ input: UnsafePointer<Float>, length: Int, slope: Float?, into output: UnsafeMutablePointer<Float>,
                      accumulate: Bool, padded: UnsafeMutablePointer<Float>) {
        let stride = length + 2 * padding, padding = padding
        parallelChunks(inputChannels, minimumChunk: Swift.max(1, 32_768 / stride)) { channels in
            for c in channels {
                let row = padded + c * stride
                row.update(repeating: 0, count: padding)
                if let slope {
                    HiFiGANActivation.leakyReLU(input + c * length, into: row + padding, count: length, slope: slope)
                } else {
                    (row + padding).update(from: input + c * length, count: length)
                }
                (row + padding + length).update(repeating: 0, count: padding)
            }
        }
        bias.withUnsafeBufferPointer { b in
            parallelChunks(outputChannels, minimumChunk: Swift.max(1, 32_768 / length)) { channels in
                for o in channels {
                    let row = output + o * length, value = b[o]
                    if accumulate {
                        for t in 0..<length { row[t] += value }
                    } else {
                        row.update(repeating: value, count: length)
                    }
                }
            }
        }
        tapMatrices.withUnsafeBufferPointer { w in
            for tap in 0..<kernelSize {
                Kernels.gemm(m: outputChannels, n: length, k: inputChannels,
                             a: w.baseAddress! + tap * outputChannels * inputChannels, lda: inputChannels,
                             b: padded + tap * dilation, ldb: stride, beta: 1, c: output, ldc: length)
            }
        }
    }
}

extension Tensor {
    /// Calls `body` with the tensor's elements, or nil when there is no tensor.
    static func withOptionalBuffer<R>(_ tensor: Tensor?, _ body: (UnsafeBufferPointer<Float>?) -> R) -> R {
        guard let tensor else { return body(nil) }
        return tensor.withUnsafeBufferPointer { body($0) }
    }
}
