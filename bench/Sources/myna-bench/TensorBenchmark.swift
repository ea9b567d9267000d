import MynaCore
import MynaNN
import MynaTensor

/// The neural core's kernels at the shapes the models use: `myna-bench tensor CASE`. bench/tensor.py runs the
/// same cases with numpy (its bundled OpenBLAS) in the same run and prints both and the ratio.
///
/// Each case builds its inputs (untimed), runs the operation once to warm up, then repeats it until 0.5 s have
/// passed (at least 5 times) and reports the median time of one repetition. Inputs are deterministic
/// pseudo-random values in [−1, 1); thread count: `MynaThreads` default (all cores), like numpy's OpenBLAS.
enum TensorBenchmark {
    /// Case names and what they run; bench/tensor.py has the same list.
    static let cases: [String: @Sendable () -> Case] = [
        // Whisper tiny: encoder projections over 1500 frames (d 384, FFN 1536) and the decoder's logits row.
        "gemm-1500x384x384": { gemm(m: 1500, k: 384, n: 384) },
        "gemm-1500x384x1536": { gemm(m: 1500, k: 384, n: 1536) },
        "gemm-1x384x51864": { gemm(m: 1, k: 384, n: 51864) },
        // The same logits product for 5 beam hypotheses, and both with the weights in binary16 (Kernels.halfProducts),
        // as the decoder keeps a float16 model's token table.
        "gemm-5x384x51864": { gemm(m: 5, k: 384, n: 51864) },
        "half-gemm-1x384x51864": { halfGemm(m: 1, k: 384, n: 51864) },
        "half-gemm-5x384x51864": { halfGemm(m: 5, k: 384, n: 51864) },
        // HiFi-GAN V1: conv_pre-sized 512→512 kernel 7 over 862 mel frames (10 s at hop 256), and a last-stage
        // resblock conv 32→32 kernel 7 dilation 3 over 220500 samples (10 s at 22050 Hz).
        "conv1d-512x862-k7": { conv(channels: 512, frames: 862, kernel: 7, dilation: 1) },
        "conv1d-32x220500-k7d3": { conv(channels: 32, frames: 220_500, kernel: 7, dilation: 3) },
        // HiFi-GAN's first upsampler: 512→256, kernel 16, stride 8, over 862 frames.
        "convtranspose1d-512x862-k16s8": { convTranspose(frames: 862) },
        // Whisper tiny encoder self-attention: 1500 frames, d 384, 6 heads (projections included).
        "attention-1500x384-h6": { attention(frames: 1500, dimension: 384, heads: 6) },
        // The same through sgemm, softmax and sgemm (the composition before Kernels.fusedAttention), and the fused
        // kernel alone: scores, softmax and weighted sum of 6 heads over rows of q | k | v, without the projections.
        "attention-1500x384-h6-sgemm": { attention(frames: 1500, dimension: 384, heads: 6, fused: false) },
        "attention-core-1500x384-h6": { attentionCore(frames: 1500, dimension: 384, heads: 6) },
        // GE2E: 3 LSTM layers 40→256, batch 1, one 160-frame partial; the time reported is per frame (step).
        "lstm-ge2e-step": { lstm(frames: 160) },
        // The same for 8 partials (a 7 s clip, one embed_utterance) and 128 (a pooled batch), per frame of all.
        "lstm-ge2e-b8": { lstm(frames: 160, batch: 8) },
        "lstm-ge2e-b128": { lstm(frames: 160, batch: 128) },
    ]

    /// One prepared benchmark: the operation and the facts to report about it.
    struct Case {
        var run: () -> Float
        /// Floating-point operations per repetition (multiply and add counted separately).
        var flops: Int
        /// Repetition count is divided by this to give the time of one unit (LSTM: per frame).
        var unitsPerRun: Int = 1
    }

    static func run(caseName: String) throws -> BenchmarkResult {
        guard let make = cases[caseName] else {
            throw ConfigurationError(field: "tensor case", message: "unknown case \(caseName); known: \(cases.keys.sorted().joined(separator: ", "))")
        }
        let prepared = make()
        var checksum = prepared.run()  // warm-up, and keeps the result alive
        var times: [Double] = []
        var total = 0.0
        while times.count < 5 || total < 0.5 {
            let (value, seconds) = BenchmarkResult.time { prepared.run() }
            checksum += value
            times.append(seconds)
            total += seconds
        }
        times.sort()
        let median = times[times.count / 2] / Double(prepared.unitsPerRun)
        return BenchmarkResult(benchmark: "tensor-\(caseName)", seconds: median, facts: [
            "flops": prepared.flops / prepared.unitsPerRun, "repetitions": times.count, "threads": MynaThreads.count,
            "checksumIsFinite": checksum.isFinite ? 1 : 0,
        ])
    }

    /// Deterministic values in [−1, 1) from a 64-bit LCG.
    static func values(_ count: Int, seed: UInt64) -> [Float] {
        var state = seed &* 6364136223846793005 &+ 1442695040888963407
        return (0..<count).map { _ in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Float(Int64(bitPattern: state >> 11) % (1 << 24)) / Float(1 << 23) - 1
        }
    }

    /// `x [m, k] · Wᵀ` with `W [n, k]`, as a Linear layer stores it.
    static func gemm(m: Int, k: Int, n: Int) -> Case {
        let x = Tensor(shape: [m, k], values: values(m * k, seed: 1))
        let w = Tensor(shape: [n, k], values: values(n * k, seed: 2))
        return Case(run: { x.matmul(w, transposingOther: true).withUnsafeBufferPointer { $0[0] } }, flops: 2 * m * k * n)
    }

    /// `gemm` with `W` rounded to binary16 and kept so (`HalfMatrix`).
    static func halfGemm(m: Int, k: Int, n: Int) -> Case {
        let x = Tensor(shape: [m, k], values: values(m * k, seed: 1))
        let w = HalfMatrix(exactly: Tensor(shape: [n, k], values: values(n * k, seed: 2).map { Float(Float16($0)) }))!
        return Case(run: { x.matmul(transposedHalf: w).withUnsafeBufferPointer { $0[0] } }, flops: 2 * m * k * n)
    }

    static func conv(channels: Int, frames: Int, kernel: Int, dilation: Int) -> Case {
        let padding = dilation * (kernel - 1) / 2
        let layer = Conv1d(weight: Tensor(shape: [channels, channels, kernel], values: values(channels * channels * kernel, seed: 3)),
                           bias: Tensor(shape: [channels], values: values(channels, seed: 4)), padding: padding, dilation: dilation)
        let x = Tensor(shape: [channels, frames], values: values(channels * frames, seed: 5))
        return Case(run: { layer(x).withUnsafeBufferPointer { $0[0] } }, flops: 2 * channels * channels * kernel * frames)
    }

    static func convTranspose(frames: Int) -> Case {
        let layer = ConvTranspose1d(weight: Tensor(shape: [512, 256, 16], values: values(512 * 256 * 16, seed: 6)),
                                    bias: Tensor(shape: [256], values: values(256, seed: 7)), stride: 8, padding: 4)
        let x = Tensor(shape: [512, frames], values: values(512 * frames, seed: 8))
        return Case(run: { layer(x).withUnsafeBufferPointer { $0[0] } }, flops: 2 * 512 * 256 * 16 * frames)
    }

    static func attention(frames: Int, dimension d: Int, heads: Int, fused: Bool = true) -> Case {
        func linear(_ rows: Int, seed: UInt64) -> Linear {
            Linear(weight: Tensor(shape: [rows, d], values: values(rows * d, seed: seed).map { $0 * 0.1 }),
                   bias: Tensor(shape: [rows], values: values(rows, seed: seed + 1)))
        }
        let layer = MultiHeadAttention(projections: .fusedQKV(linear(3 * d, seed: 40)), output: linear(d, seed: 42), headCount: heads)
        let x = Tensor(shape: [frames, d], values: values(frames * d, seed: 44))
        // Projections 4·(2·T·d·d), scores and weighted sum 2·(2·T·T·d).
        return Case(run: {
            MultiHeadAttention.usesFusedKernel = fused
            defer { MultiHeadAttention.usesFusedKernel = true }
            return layer(x).withUnsafeBufferPointer { $0[0] }
        }, flops: 8 * frames * d * d + 4 * frames * frames * d)
    }

    /// `Kernels.fusedAttention` on `[frames, 3d]` rows of q | k | v (the fused QKV projection's layout) into `[frames, d]`.
    static func attentionCore(frames: Int, dimension d: Int, heads: Int) -> Case {
        let qkv = values(frames * 3 * d, seed: 46)
        let w = d / heads
        return Case(run: {
            var out = [Float](repeating: 0, count: frames * d)
            qkv.withUnsafeBufferPointer { all in
                out.withUnsafeMutableBufferPointer { o in
                    Kernels.fusedAttention(queryRows: frames, keyRows: frames, heads: heads, headWidth: w,
                                           scale: 1 / Float(w).squareRoot(), queries: all.baseAddress!, queryStride: 3 * d,
                                           keys: all.baseAddress! + d, keyStride: 3 * d, values: all.baseAddress! + 2 * d,
                                           valueStride: 3 * d, output: o.baseAddress!, outputStride: d)
                }
            }
            return out[0]
        }, flops: 4 * frames * frames * d)
    }

    static func lstm(frames: Int, batch: Int = 1) -> Case {
        let sizes = [(40, 256), (256, 256), (256, 256)]
        let layers = sizes.enumerated().map { index, size in
            LSTMCell(weightIH: Tensor(shape: [4 * size.1, size.0], values: values(4 * size.1 * size.0, seed: UInt64(10 + index)).map { $0 * 0.1 }),
                     weightHH: Tensor(shape: [4 * size.1, size.1], values: values(4 * size.1 * size.1, seed: UInt64(20 + index)).map { $0 * 0.1 }),
                     biasIH: Tensor(shape: [4 * size.1], values: values(4 * size.1, seed: UInt64(30 + index))),
                     biasHH: nil)
        }
        let model = LSTM(layers: layers)
        let x = batch == 1 ? Tensor(shape: [frames, 40], values: values(frames * 40, seed: 9))
                           : Tensor(shape: [batch, frames, 40], values: values(batch * frames * 40, seed: 9))
        let flopsPerFrame = batch * sizes.reduce(0) { $0 + 2 * 4 * $1.1 * ($1.0 + $1.1) }
        return Case(run: {
            var state = model.initialState(batchSize: batch)
            return model(x, state: &state).withUnsafeBufferPointer { $0[0] }
        }, flops: flopsPerFrame * frames, unitsPerRun: frames)
    }
}
