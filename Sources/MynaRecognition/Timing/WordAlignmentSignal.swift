#if canImport(Glibc)
import Glibc
#endif

/// The numeric steps between the alignment heads' cross-attention and the token-to-time path, as openai-whisper's
/// `timing.find_alignment` and CTranslate2's `WhisperReplica::align` compute them. Matrices are row-major `[Float]`.
public enum WordAlignmentSignal {
    /// Softmax of each of `rows` rows of `columns`, in place.
    static func softmaxRows(_ x: inout [Float], rows: Int, columns: Int) {
        x.withUnsafeMutableBufferPointer { p in
            for row in 0..<rows {
                let line = UnsafeMutableBufferPointer(rebasing: p[(row * columns)..<((row + 1) * columns)])
                var maximum = -Float.infinity
                for v in line where v > maximum { maximum = v }
                var sum: Float = 0
                for i in line.indices {
                    line[i] = expf(line[i] - maximum)
                    sum += line[i]
                }
                for i in line.indices { line[i] /= sum }
            }
        }
    }

    /// z-score over the token axis of `[blocks, tokens, frames]`: each frame column of each block (one head) minus
    /// its mean over the tokens, divided by the population standard deviation (torch `std_mean(dim=-2,
    /// unbiased=False)`; CTranslate2 `NormalizeAttentionWeights`, a layer norm over that axis with epsilon 0).
    public static func normalizeOverTokens(_ x: inout [Float], blocks: Int, tokens: Int, frames: Int) {
        guard tokens > 0 else { return }
        x.withUnsafeMutableBufferPointer { p in
            for block in 0..<blocks {
                let base = block * tokens * frames
                for frame in 0..<frames {
                    var mean: Float = 0
                    for t in 0..<tokens { mean += p[base + t * frames + frame] }
                    mean /= Float(tokens)
                    var variance: Float = 0
                    for t in 0..<tokens {
                        let deviation = p[base + t * frames + frame] - mean
                        variance += deviation * deviation
                    }
                    let deviation = (variance / Float(tokens)).squareRoot()
                    for t in 0..<tokens { p[base + t * frames + frame] = (p[base + t * frames + frame] - mean) / deviation }
                }
            }
        }
    }

    /// Median of each window of `width` (odd) along each row of `rows × columns`, the row's ends reflected without
    /// repeating the end sample (`F.pad(mode="reflect")` in openai-whisper, CTranslate2 `MedianFilter`). Rows no
    /// longer than `width / 2` are returned unchanged, as both do.
    public static func medianFilter(_ x: [Float], rows: Int, columns: Int, width: Int) -> [Float] {
        precondition(width > 0 && width % 2 == 1, "medianFilter: width \(width) must be odd")
        let radius = width / 2
        guard columns > radius else { return x }
        var output = [Float](repeating: 0, count: x.count)
        var window = [Float](repeating: 0, count: width)
        for row in 0..<rows {
            let base = row * columns
            for j in 0..<columns {
                for k in -radius...radius {
                    var read = abs(j + k)
                    if read >= columns { read = columns - (read - columns) - 2 }
                    window[k + radius] = x[base + read]
                }
                window.sort()
                output[base + j] = window[radius]
            }
        }
        return output
    }

    /// The dynamic-time-warping path through the cost `-x` (`x`: `rows × columns`, higher is a better match) from
    /// `(0, 0)` to `(rows − 1, columns − 1)`, as `(row, column)` pairs in order. Ties are broken as openai-whisper's
    /// `dtw_cpu` and CTranslate2's `negative_dtw` break them: the diagonal only when strictly cheaper than both
    /// others, then the step from the previous row only when strictly cheapest, else the step from the previous
    /// column; costs accumulate in Float as theirs do.
    public static func negativeDTW(_ x: [Float], rows n: Int, columns m: Int) -> [(row: Int, column: Int)] {
        guard n > 0, m > 0 else { return [] }
        let stride = m + 1
        var cost = [Float](repeating: .infinity, count: (n + 1) * stride)
        var trace = [Int8](repeating: -1, count: (n + 1) * stride)
        cost[0] = 0
        for j in 1...m {
            for i in 1...n {
                let c0 = cost[(i - 1) * stride + j - 1], c1 = cost[(i - 1) * stride + j], c2 = cost[i * stride + j - 1]
                let c: Float
                let t: Int8
                if c0 < c1 && c0 < c2 {
                    (c, t) = (c0, 0)
                } else if c1 < c0 && c1 < c2 {
                    (c, t) = (c1, 1)
                } else {
                    (c, t) = (c2, 2)
                }
                cost[i * stride + j] = -x[(i - 1) * m + j - 1] + c
                trace[i * stride + j] = t
            }
        }
        for k in 0...m { trace[k] = 2 }
        for k in 0...n { trace[k * stride] = 1 }
        var path: [(row: Int, column: Int)] = []
        var i = n, j = m
        while i > 0 && j > 0 {
            path.append((i - 1, j - 1))
            switch trace[i * stride + j] {
            case 0: i -= 1; j -= 1
            case 1: i -= 1
            default: j -= 1
            }
        }
        return path.reversed()
    }
}
