import Foundation
import MynaAudioFile
import MynaCore
import MynaTensor
import MynaVAD

/// Silero VAD v6 on a whole 16 kHz file: `myna-bench vad WEIGHTS:FILE` (WEIGHTS: silero_vad_16k.safetensors or
/// silero_vad_16k_op15.onnx). bench/bench_vad.py runs silero-vad 6.2.3
/// (onnxruntime, and torch when installed) on the same samples in the same run and prints the ratios.
///
/// Decoding and loading are untimed. Each measurement runs once to warm up, then repeats until 0.5 s have passed (at
/// least 5 times) and keeps the median:
/// - `seconds`: `SileroVoiceDetector.speechSegments` (every 512-sample step through the model, then the timestamps)
///   with the default threads;
/// - `serialMicroseconds`: the same with one thread (silero-vad runs onnxruntime and torch on one thread);
/// - `probabilityMicroseconds`: `speechProbabilities` alone, one thread;
/// - `timestampMicroseconds`: `SpeechTimestamps.segments` on those probabilities alone.
/// Facts `segments` and `speechSamples` let the driver check that both sides found the same speech.
enum VADBenchmark {
    static func run(weightsAndFile: String) throws -> BenchmarkResult {
        let parts = weightsAndFile.split(separator: ":", maxSplits: 1).map(String.init)
        guard parts.count == 2 else {
            throw ConfigurationError(field: "input", message: "give WEIGHTS:FILE, for example models/silero-vad-v6/silero_vad_16k.safetensors:speech.flac")
        }
        let path = parts[1]
        let audio = try SoundFileReader.readAll(path: path).downmixedToMono()
        guard audio.format.sampleRate == 16_000 else {
            throw ConfigurationError(field: "input", message: "\(path) is \(audio.format.sampleRate) Hz; the VAD benchmark takes 16 kHz")
        }
        let samples = audio.samples
        let detector = try SileroVoiceDetector(contentsOf: parts[0])
        var segments: [SpeechSegment] = []
        let threads = MynaThreads.count
        let parallel = try MelBenchmark.median { segments = try detector.speechSegments(samples, sampleRate: 16_000) }
        MynaThreads.set(1)
        let serial = try MelBenchmark.median { _ = try detector.speechSegments(samples, sampleRate: 16_000) }
        var probabilities: [Float] = []
        let model = try MelBenchmark.median { probabilities = try detector.speechProbabilities(samples, sampleRate: 16_000) }
        let timestamps = try MelBenchmark.median {
            _ = try SpeechTimestamps.segments(probabilities: probabilities, sampleCount: samples.count)
        }
        MynaThreads.set(threads)
        func micro(_ seconds: Double) -> Int { Int((seconds * 1e6).rounded()) }
        return BenchmarkResult(benchmark: "vad", seconds: parallel, facts: [
            "samples": samples.count, "steps": probabilities.count, "threads": threads,
            "segments": segments.count, "speechSamples": segments.reduce(0) { $0 + $1.sampleCount },
            "serialMicroseconds": micro(serial), "probabilityMicroseconds": micro(model),
            "timestampMicroseconds": micro(timestamps),
        ])
    }
}
