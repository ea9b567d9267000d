import Foundation
import MynaCore
import MynaTensor

// myna-bench: Myna's side of the benchmarks run by bench/run. Each subcommand does one job once on the given input,
// timing only the job itself (not process start-up or preparing the input), and prints one JSON object on stdout:
// {"benchmark": …, "seconds": …, plus what was processed}. The driver (bench/bench.py) runs it several times, times the
// whole process as well, and sets it against the reference implementations on the same input.

let usage = """
    usage: myna-bench <benchmark> <input>
      io-decode FILE     decode an audio file to interleaved Float32 (SoundFileReader, 64 Ki-frame blocks)
      io-resample FILE   decode and downmix FILE (untimed), then resample it to 16 kHz (Resampler, soxr HQ)
      hifigan-vocode CHECKPOINT:MEL.npy  HiFi-GAN generator on a log-mel (whole, and in vocode's chunks)
      tensor CASE        a MynaTensor/MynaNN kernel at a model's shape (cases: TensorBenchmark.swift)
      mel FILE           Whisper log-mel of a 16 kHz file (all cores and one), plus the FFT and projection floors
      whisper MODEL_DIR:FILE  Whisper parts on the first window of FILE: load, mel, encoder, decoder step, projection
      speakers LIST[:OUT.npy]  GE2E embeddings (no trimming) of the 16 kHz files listed in LIST, one path per line
      vad WEIGHTS:FILE   Silero VAD speech segments of a 16 kHz file (all cores and one), model and timestamps apart
      say VOICE:TEXT     Piper voice VOICE.onnx speaking TEXT file as one streamed request (2 threads)
      dictate FILE       live dictation of a file as fast as it decodes (VAD, partials, finals; installed tiny.en)
      weights-load FILE  open a weight file (model.bin, .onnx, .pt/.pth.tar, .safetensors), read every tensor as Float32
      speaker-index URL  identify's search step over a PostgreSQL registry (fill it: scripts/fill_speaker_registry.sh)
    """

// The same OpenBLAS kernels as `myna` (see OpenBLASCore).
OpenBLASCore.restartWithPreferredCoreIfNeeded()

let arguments = Array(CommandLine.arguments.dropFirst())
guard arguments.count == 2, let benchmark = BenchmarkName(rawValue: arguments[0]) else {
    FileHandle.standardError.write(Data((usage + "\n").utf8))
    exit(64)
}

do {
    let result: BenchmarkResult
    switch benchmark {
    case .ioDecode: result = try IOBenchmarks.decode(path: arguments[1])
    case .ioResample: result = try IOBenchmarks.resample(path: arguments[1], outputRate: 16_000)
    case .hifiganVocode: result = try VocodeBenchmark.run(checkpointAndMel: arguments[1])
    case .tensor: result = try TensorBenchmark.run(caseName: arguments[1])
    case .mel: result = try MelBenchmark.run(path: arguments[1])
    case .weightsLoad: result = try WeightsBenchmark.load(path: arguments[1])
    case .whisper: result = try WhisperBenchmark.run(modelAndFile: arguments[1])
    case .speakers: result = try SpeakerBenchmark.run(argument: arguments[1])
    case .vad: result = try VADBenchmark.run(weightsAndFile: arguments[1])
    case .say: result = try SayBenchmark.run(voiceAndText: arguments[1])
    case .dictate: result = try await DictationBenchmark.run(path: arguments[1])
    case .speakerIndex: result = try SpeakerIndexBenchmark.run(url: arguments[1])
    }
    print(result.jsonLine)
} catch {
    FileHandle.standardError.write(Data("myna-bench: error: \(error)\n".utf8))
    exit(1)
}
