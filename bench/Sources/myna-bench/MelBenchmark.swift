import MynaAudioFile
import MynaCore
import MynaDSP

/// Whisper's log-mel front end on a whole file: `myna-bench mel FILE`. bench/bench_mel.py runs librosa and
/// openai-whisper's numpy formula on the same samples in the same run and prints the ratios.
///
/// Decoding is untimed. Each measurement runs once to warm up, then repeats until 0.5 s have passed (at least 5
/// times) and keeps the median:
/// - `seconds`: `WhisperLogMelExtractor(melCount: 80).extract` with all cores (the default);
/// - `serialMicroseconds`: the same on one thread;
/// - `fftFloorMicroseconds`: the floor of the FFT part, one thread: for every frame, copy 400 samples into an
///   aligned buffer and run FFTW's r2c on it (no window, no padding, nothing else);
/// - `projectionFloorMicroseconds`: the floor of the mel part, one thread: a sparse multiply-add of precomputed
///   power spectra (blocks of 8 frames × 201 bins) through the 80 filters' nonzero bands into 80 × frames.
/// The two floors add up to the least work any implementation of the same algorithm does on one core.
enum MelBenchmark {
    static func run(path: String) throws -> BenchmarkResult {
        let audio = try SoundFileReader.readAll(path: path).downmixedToMono()
        guard audio.format.sampleRate == 16_000 else {
            throw ConfigurationError(field: "input", message: "\(path) is \(audio.format.sampleRate) Hz; the mel benchmark takes 16 kHz")
        }
        let samples = audio.samples
        let threads = DSPThreads.all
        let parallel = try WhisperLogMelExtractor(melCount: 80, threadCount: threads)
        let serial = try WhisperLogMelExtractor(melCount: 80, threadCount: 1)
        var frames = 0
        let parallelSeconds = try median { frames = try parallel.extract(samples).frameCount }
        let serialSeconds = try median { _ = try serial.extract(samples) }
        let fftSeconds = try fftFloor(samples)
        let projectionSeconds = try projectionFloor(frameCount: frames)
        return BenchmarkResult(benchmark: "mel", seconds: parallelSeconds, facts: [
            "samples": samples.count, "frames": frames, "mels": 80, "threads": threads,
            "serialMicroseconds": Int((serialSeconds * 1e6).rounded()),
            "fftFloorMicroseconds": Int((fftSeconds * 1e6).rounded()),
            "projectionFloorMicroseconds": Int((projectionSeconds * 1e6).rounded()),
        ])
    }

    /// Median seconds of `job` after one warm-up run, over at least 5 runs and 0.5 s.
    static func median(_ job: () throws -> Void) rethrows -> Double {
        try job()
        var times: [Double] = []
        var total = 0.0
        while times.count < 5 || total < 0.5 {
            let (_, seconds) = try BenchmarkResult.time { try job() }
            times.append(seconds)
            total += seconds
        }
        return times.sorted()[times.count / 2]
    }

    /// The FFT part alone: r2c transforms of every 400-sample frame at hop 160, one thread.
    static func fftFloor(_ samples: [Float]) throws -> Double {
        let fft = try RealFFT(size: 400)
        let workspace = fft.makeWorkspace()
        let frameCount = (samples.count - 400) / 160 + 1
        var sink: Float = 0
        let seconds = median {
            samples.withUnsafeBufferPointer { x in
                let input = workspace.signal.baseAddress!
                for t in 0..<frameCount {
                    input.update(from: x.baseAddress! + t * 160, count: 400)
                    fft.forward(workspace)
                }
            }
            sink += workspace.spectrum[3]
        }
        if sink.isNaN { print("") }  // keeps the transforms from being optimised away
        return seconds
    }

    /// The mel part alone: `frameCount` power spectra of 201 bins through the sparse filterbank, one thread, eight
    /// frames per SIMD operation from bin-major blocks (the layout Myna's pipeline uses), into mels × frames.
    static func projectionFloor(frameCount: Int) throws -> Double {
        let filterbank = try MelFilterbank(sampleRate: 16_000, fftSize: 400, melCount: 80)
        let bins = filterbank.binCount, mels = filterbank.melCount
        // Each filter's first nonzero bin and its nonzero weights, packed.
        var starts: [Int] = [], lengths: [Int] = [], weights: [Float] = []
        for mel in 0..<mels {
            let row = filterbank.weights[(mel * bins)..<((mel + 1) * bins)]
            let first = row.firstIndex { $0 != 0 } ?? row.startIndex
            let last = row.lastIndex { $0 != 0 } ?? (first - 1)
            starts.append(first - mel * bins)
            lengths.append(max(0, last - first + 1))
            if last >= first { weights.append(contentsOf: row[first...last]) }
        }
        let blocks = frameCount / 8
        // (blocks, bins) vectors of 8 frames' power
        var power = [SIMD8<Float>](repeating: SIMD8(), count: blocks * bins)
        for i in power.indices { power[i] = SIMD8(repeating: Float(i % 977) * 1e-3) }
        var output = [Float](repeating: 0, count: blocks * 8 * mels)
        return median {
            power.withUnsafeBufferPointer { p in
                output.withUnsafeMutableBufferPointer { out in
                    weights.withUnsafeBufferPointer { w in
                        starts.withUnsafeBufferPointer { starts in
                            lengths.withUnsafeBufferPointer { lengths in
                                let raw = UnsafeMutableRawPointer(out.baseAddress!)
                                for block in 0..<blocks {
                                    let frame = p.baseAddress! + block * bins
                                    var offset = 0
                                    for mel in 0..<mels {
                                        var sum = SIMD8<Float>()
                                        let source = frame + starts[mel]
                                        for k in 0..<lengths[mel] { sum += source[k] * w[offset + k] }
                                        offset += lengths[mel]
                                        raw.storeBytes(of: sum, toByteOffset: 4 * (mel * blocks * 8 + block * 8),
                                                       as: SIMD8<Float>.self)
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
