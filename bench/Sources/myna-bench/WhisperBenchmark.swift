import Foundation
import MynaAudioFile
import MynaDSP
import MynaNN
import MynaRecognition
import MynaTensor

/// The parts of Whisper inference, timed alone on the first 30 s window of a 16 kHz file: model loading, the
/// log-mel, the encoder, the cross-attention projection, decoder steps (ms per token, greedy over a fixed token
/// sequence so the work is the same every run), the same for 5 beams at once, and the output projection alone; the
/// encoder also with its self-attention through sgemm (`MultiHeadAttention.usesFusedKernel` off). Facts are in microseconds.
enum WhisperBenchmark {
    static func run(modelAndFile: String) throws -> BenchmarkResult {
        let parts = modelAndFile.split(separator: ":", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { throw BenchmarkUsageError(message: "whisper takes MODEL_DIR:AUDIO_FILE") }
        let cpuBeforeLoad = BenchmarkResult.processCPUSeconds()
        let (model, loadSeconds) = try BenchmarkResult.time { try WhisperModel(directory: URL(fileURLWithPath: parts[0])) }
        // CPU time too: on a machine others load, wall time says little about the work loading does.
        let loadCPUSeconds = BenchmarkResult.processCPUSeconds() - cpuBeforeLoad
        let samples = try SoundFileReader.readAll(path: parts[1]).samples
        let extractor = try WhisperLogMelExtractor(melCount: model.configuration.nMels, paddingSampleCount: 160)
        let (mel, melSeconds) = try BenchmarkResult.time { try extractor.extract(samples) }
        let frames = 2 * model.configuration.audioContext
        var window = [Float](repeating: 0, count: mel.featureCount * frames)
        for bin in 0..<mel.featureCount {
            for frame in 0..<min(frames, mel.frameCount) { window[bin * frames + frame] = mel[bin, frame] }
        }
        let input = Tensor(shape: [mel.featureCount, frames], values: window)
        _ = model.encoder(input)                                               // warm-up
        let (encoded, encoderSeconds) = BenchmarkResult.time { model.encoder(input) }
        // The same with the encoder's self-attention through sgemm, softmax and sgemm (before Kernels.fusedAttention).
        MultiHeadAttention.usesFusedKernel = false
        let (_, encoderSgemmSeconds) = BenchmarkResult.time { model.encoder(input) }
        MultiHeadAttention.usesFusedKernel = true
        let (cross, crossSeconds) = BenchmarkResult.time { model.decoder.crossKeyValues(encoded) }
        let steps = 100
        var state = model.decoder.makeState(crossKeyValues: cross)
        var token = model.tokenizer.special.startOfTranscript
        let (_, decodeSeconds) = BenchmarkResult.time {
            for step in 0..<steps {
                _ = model.decoder.logits([[token]], state: &state)
                token = 1000 + step                                            // fixed sequence, same work every run
            }
        }
        // Beam search's steps: 5 hypotheses through one pass over the weights.
        let beams = 5
        var beamState = model.decoder.makeState(crossKeyValues: cross)
        _ = model.decoder.logits([[token]], state: &beamState)
        beamState.reorder(sources: Array(repeating: 0, count: beams))
        let (_, beamSeconds) = BenchmarkResult.time {
            for step in 0..<steps { _ = model.decoder.logits((0..<beams).map { [1000 + step + $0] }, state: &beamState) }
        }
        let hidden = Tensor(shape: [1, model.configuration.modelDimension], repeating: 0.01)
        let (_, projectionSeconds) = BenchmarkResult.time { for _ in 0..<steps { _ = model.decoder.logits(hidden: hidden) } }
        func micro(_ seconds: Double) -> Int { Int((seconds * 1e6).rounded()) }
        return BenchmarkResult(benchmark: "whisper", seconds: encoderSeconds + decodeSeconds, facts: [
            "load_us": micro(loadSeconds), "load_cpu_us": micro(loadCPUSeconds), "mel_us": micro(melSeconds),
            "encoder_us": micro(encoderSeconds), "encoder_sgemm_attention_us": micro(encoderSgemmSeconds),
            "cross_kv_us": micro(crossSeconds), "decoder_step_us": micro(decodeSeconds / Double(steps)),
            "decoder_step_beam5_us": micro(beamSeconds / Double(steps)),
            "output_projection_us": micro(projectionSeconds / Double(steps)), "threads": MynaThreads.count,
        ])
    }
}

struct BenchmarkUsageError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
