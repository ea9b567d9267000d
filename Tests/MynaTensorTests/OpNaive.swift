/// Direct-loop oracles: the textbook definitions, written index by index, independent of both the Swift kernels
/// (im2col, col2im, BLAS) and the numpy formulas of the golden script.
enum Naive {
    /// `[m, k] · [k, n]` by a triple loop in Double.
    static func matmul(_ a: [Float], _ b: [Float], m: Int, k: Int, n: Int) -> [Float] {
        var c = [Float](repeating: 0, count: m * n)
        for i in 0..<m {
            for j in 0..<n {
                var sum = 0.0
                for p in 0..<k { sum += Double(a[i * k + p]) * Double(b[p * n + j]) }
                c[i * n + j] = Float(sum)
            }
        }
        return c
    }

    /// Regular convolution, one output element at a time: `y[n, o, t] = b[o] + Σ_c Σ_k w[o, c, k]·x[n, g·C + c, t·s − p + k·d]`.
    static func conv1d(x: [Float], batch: Int, inputChannels: Int, length: Int, weight: [Float], outputChannels: Int,
                       kernel: Int, bias: [Float]?, stride: Int, padding: Int, dilation: Int, groups: Int) -> [Float] {
        let inPerGroup = inputChannels / groups, outPerGroup = outputChannels / groups
        let outputLength = (length + 2 * padding - dilation * (kernel - 1) - 1) / stride + 1
        var y = [Float](repeating: 0, count: batch * outputChannels * outputLength)
        for n in 0..<batch {
            for o in 0..<outputChannels {
                let group = o / outPerGroup
                for t in 0..<outputLength {
                    var sum = Double(bias?[o] ?? 0)
                    for c in 0..<inPerGroup {
                        for k in 0..<kernel {
                            let position = t * stride - padding + k * dilation
                            guard position >= 0 && position < length else { continue }
                            let input = x[(n * inputChannels + group * inPerGroup + c) * length + position]
                            sum += Double(weight[(o * inPerGroup + c) * kernel + k]) * Double(input)
                        }
                    }
                    y[(n * outputChannels + o) * outputLength + t] = Float(sum)
                }
            }
        }
        return y
    }

    /// Transposed convolution by scattering every input element: `y[n, g·O + o, t·s − p + k·d] += w[g·C + c, o, k]·x[n, g·C + c, t]`.
    static func convTranspose1d(x: [Float], batch: Int, inputChannels: Int, length: Int, weight: [Float],
                                outputChannels: Int, kernel: Int, bias: [Float]?, stride: Int, padding: Int,
                                outputPadding: Int, dilation: Int, groups: Int) -> [Float] {
        let inPerGroup = inputChannels / groups, outPerGroup = outputChannels / groups
        let outputLength = (length - 1) * stride - 2 * padding + dilation * (kernel - 1) + outputPadding + 1
        var y = [Double](repeating: 0, count: batch * outputChannels * outputLength)
        for n in 0..<batch {
            for o in 0..<outputChannels {
                for t in 0..<outputLength { y[(n * outputChannels + o) * outputLength + t] = Double(bias?[o] ?? 0) }
            }
            for ci in 0..<inputChannels {
                let group = ci / inPerGroup
                for t in 0..<length {
                    let input = Double(x[(n * inputChannels + ci) * length + t])
                    for o in 0..<outPerGroup {
                        for k in 0..<kernel {
                            let position = t * stride - padding + k * dilation
                            guard position >= 0 && position < outputLength else { continue }
                            y[(n * outputChannels + group * outPerGroup + o) * outputLength + position] +=
                                Double(weight[(ci * outPerGroup + o) * kernel + k]) * input
                        }
                    }
                }
            }
        }
        return y.map { Float($0) }
    }

    /// Deterministic pseudo-random values in [−1, 1) (a 64-bit LCG), so oracle tests need no data files.
    static func values(_ count: Int, seed: UInt64) -> [Float] {
        var state = seed &* 6364136223846793005 &+ 1442695040888963407
        return (0..<count).map { _ in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Float(Int64(bitPattern: state >> 11) % (1 << 24)) / Float(1 << 23) - 1
        }
    }
}
