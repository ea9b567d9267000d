import MynaAudioFile
import MynaCore
import MynaDSP

/// Audio input: decoding and sample-rate conversion.
enum IOBenchmarks {
    /// Block size for decoding (SoundFileReader's own default).
    static let blockFrames = SoundFileReader.defaultBlockFrames

    /// Decodes all of `path` into one interleaved Float32 array, as `soundfile.read(path, dtype="float32")` does.
    static func decode(path: String) throws -> BenchmarkResult {
        let (buffer, seconds) = try BenchmarkResult.time { () throws -> AudioBuffer in
            let reader = try SoundFileReader(path: path)
            var samples = [Float]()
            samples.reserveCapacity(reader.frameCount * reader.format.channelCount)
            while let block = try reader.readFrames(maxFrames: blockFrames) {
                samples.append(contentsOf: block.samples)
            }
            return AudioBuffer(format: reader.format, samples: samples)
        }
        return BenchmarkResult(benchmark: "io-decode", seconds: seconds, facts: [
            "frames": buffer.frameCount, "channels": buffer.format.channelCount, "sampleRate": buffer.format.sampleRate,
        ])
    }

    /// Decodes and downmixes `path` (untimed), then times converting the mono signal to `outputRate` in one call
    /// (process + flush), as `soxr.resample(x, inputRate, outputRate)` (quality "HQ") does.
    static func resample(path: String, outputRate: Int) throws -> BenchmarkResult {
        let mono = try SoundFileReader.readAll(path: path).downmixedToMono()
        let (output, seconds) = try BenchmarkResult.time { () throws -> [Float] in
            let resampler = try Resampler(inputRate: mono.format.sampleRate, outputRate: outputRate, channelCount: 1)
            var samples = try resampler.process(mono.samples)
            samples.append(contentsOf: try resampler.flush())
            return samples
        }
        return BenchmarkResult(benchmark: "io-resample", seconds: seconds, facts: [
            "inputFrames": mono.frameCount, "inputRate": mono.format.sampleRate,
            "outputFrames": output.count, "outputRate": outputRate,
        ])
    }
}
