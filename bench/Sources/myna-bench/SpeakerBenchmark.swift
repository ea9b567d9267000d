import Foundation
import MynaAudioFile
import MynaCore
import MynaDSP
import MynaKit
import MynaSpeakers

/// The GE2E speaker encoder on a list of clips: `myna-bench speakers LIST[:OUT.npy]`, LIST a text file with one 16 kHz
/// audio path per line. bench/bench_speakers.py runs Resemblyzer's `embed_utterance` on the same clips in the same
/// run and prints the ratio.
///
/// Untimed: loading the checkpoint (`loadMilliseconds` reports it) and decoding the clips. Timed, on all cores,
/// without trimming (Resemblyzer's path after `normalize_volume`):
/// - `seconds`: one clip at a time through `GE2ESpeakerEncoder.embedUtterance`, as Resemblyzer's `embed_utterance`
///   works (each clip's partials are one batch);
/// - `pooledMicroseconds`: all clips through `prepare` then one `embed` call, which pools the partials of
///   consecutive clips into batches of 128 (what `myna speakers evaluate` and multi-file commands do).
/// - `trimmedMicroseconds`: one clip at a time with non-speech trimmed by Silero VAD first (the default path of the
///   speaker commands; Resemblyzer's counterpart is `preprocess_wav`, which trims with webrtcvad).
/// With `:OUT.npy` the per-clip embeddings are written there (clips × 256) for the driver to compare.
enum SpeakerBenchmark {
    static func run(argument: String) throws -> BenchmarkResult {
        let parts = argument.split(separator: ":", maxSplits: 1).map(String.init)
        let list = parts[0]
        let paths = try String(contentsOfFile: list, encoding: .utf8).split(separator: "\n").map(String.init).filter { !$0.isEmpty }
        let clips = try paths.map { path -> [Float] in
            let audio = try SoundFileReader.readAll(path: path).downmixedToMono()
            guard audio.format.sampleRate == 16_000 else {
                throw ConfigurationError(field: path, message: "is \(audio.format.sampleRate) Hz; the speaker benchmark takes 16 kHz")
            }
            return audio.samples
        }
        let models = ModelsDirectory.locate(explicitPath: nil)
        let checkpoint = try SpeakerModelLocation.encoderPath(explicitPath: nil, modelsDirectory: models)
        let (encoder, loadSeconds) = try BenchmarkResult.time { try GE2ESpeakerEncoder(checkpointPath: checkpoint) }
        var options = GE2EEmbeddingOptions.default
        options.minimumSpeechSeconds = 0
        var partials = 0
        let (embeddings, seconds) = try BenchmarkResult.time {
            try clips.map { clip -> [Float] in
                let utterance = try encoder.embedUtterance(clip, options: options)
                partials += utterance.slices.count
                return utterance.embedding.values
            }
        }
        let (_, pooledSeconds) = try BenchmarkResult.time {
            encoder.embed(try clips.map { try encoder.prepare($0, options: options) }, batchSize: options.batchSize)
        }
        let trimming = try GE2ESpeakerEncoder(network: encoder.network,
                                              voiceDetector: SpeakerVoiceDetection.detector(modelsDirectory: models))
        let (_, trimmedSeconds) = BenchmarkResult.time {
            for clip in clips { _ = try? trimming.embedUtterance(clip, options: options) }
        }
        if parts.count == 2 {
            let matrix = FeatureMatrix(featureCount: embeddings.count, frameCount: 256, values: embeddings.flatMap { $0 })
            try Data(matrix.numPyData()).write(to: URL(fileURLWithPath: parts[1]))
        }
        return BenchmarkResult(benchmark: "speakers", seconds: seconds, facts: [
            "clips": clips.count, "samples": clips.reduce(0) { $0 + $1.count }, "partials": partials,
            "threads": DSPThreads.all, "loadMilliseconds": Int((loadSeconds * 1000).rounded()),
            "pooledMicroseconds": Int((pooledSeconds * 1e6).rounded()),
            "trimmedMicroseconds": Int((trimmedSeconds * 1e6).rounded()),
        ])
    }
}
