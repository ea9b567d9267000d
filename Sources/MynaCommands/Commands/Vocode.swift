import ArgumentParser
import Foundation
import MynaKit

/// `myna vocode`: resynthesise speech through the HiFi-GAN mel front end and a vocoder.
struct Vocode: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vocode",
        abstract: "Resynthesise audio through its mel spectrogram and a vocoder (HiFi-GAN or Griffin-Lim).",
        discussion: """
        Reads any audio libsndfile decodes, mixes it to mono, resamples it to the vocoder's rate (22050 Hz) with \
        soxr, computes the log-mel spectrogram HiFi-GAN was trained on (80 bands, n_fft 1024, hop 256, 0-8000 Hz) \
        and turns it back into a waveform with the vocoder. What survives is what the mel keeps: a good vocoder \
        sounds like the input, Griffin-Lim (no neural network, phase guessed iteratively) sounds metallic. \
        Long files are processed in chunks of mel frames with overlap, so memory does not grow with their length; \
        for HiFi-GAN the chunked output equals vocoding the whole file at once.

        Vocoders (manifests in vocoders/, weights in models/, checked by SHA-256 when loaded):
          hifigan-universal  HiFi-GAN V1 trained on many speakers (default)
          hifigan-ljspeech   HiFi-GAN V1 trained on one speaker (LJSpeech)
          griffin-lim        Griffin-Lim with momentum, no weights

        The output's encoding follows its extension (.wav is 16-bit PCM, .flac 16-bit FLAC); the file appears \
        only when it is complete. --json prints a summary (input, output, vocoder, sampleRate, inputSeconds, \
        outputSeconds, frames, seconds, realTimeFactor) on stdout.

        Examples:
          myna vocode audio-samples/jfk.flac -o jfk-hifigan.wav
          myna vocode --vocoder griffin-lim speech.mp3 -o speech-gl.flac
          myna vocode --vocoder hifigan-ljspeech --json --threads 2 in.wav -o out.wav
        """)

    @Argument(help: ArgumentHelp("Audio file to resynthesise ('-' reads it from stdin).", valueName: "input"))
    var input: String

    @Option(name: .shortAndLong, help: ArgumentHelp("""
        Output file: .wav, .flac, .ogg, .opus or .mp3 by extension, or '-' for WAV on stdout (the summary then goes \
        to stderr).
        """, valueName: "output"))
    var output: String

    @Flag(name: .long, help: "No progress line on stderr.")
    var quiet = false

    @Option(help: "Vocoder name (see above).")
    var vocoder = VocoderCatalog.defaultName

    @Option(name: .customLong("models-dir"), help: "Where installed models live (default: $MYNA_MODELS_DIR, the installed share/myna/models, the checkout's models/, $XDG_DATA_HOME/myna/models).")
    var modelsDirectory: String?

    @Option(name: .customLong("vocoders-dir"), help: "Where vocoder manifests live (default: $MYNA_VOCODERS_DIR, the installed share/myna/vocoders, the checkout's vocoders/, $XDG_DATA_HOME/myna/vocoders).")
    var vocodersDirectory: String?

    @Option(parsing: .unconditional, help: ArgumentHelp("Griffin-Lim iterations.", valueName: "count"))
    var iterations = GriffinLimOptions.default.iterations

    @Option(parsing: .unconditional, help: "Threads for the vocoder (default: all cores).")
    var threads: Int?

    @Flag(name: .customLong("json"), help: "Print a summary as JSON on stdout.")
    var json = false

    /// What `--json` prints.
    struct Summary: Codable {
        var input: String
        var output: String
        var vocoder: String
        var sampleRate: Int
        var inputSeconds: Double
        var outputSeconds: Double
        var frames: Int
        var seconds: Double
        var realTimeFactor: Double
    }

    func validate() throws {
        if output == AudioOutput.standardOutput && json {
            throw ValidationError("-o - writes the audio to stdout; --json cannot be combined with it.")
        }
        if let threads { try OptionBounds.require("--threads", threads, atLeast: 1) }
        try OptionBounds.require("--iterations", iterations, in: 1...10_000)
    }

    func run() throws {
        if let threads { MynaRuntime.setThreads(threads) }
        let started = Date()
        try AudioOutput.check(output)
        let input = try StandardInput.resolve(self.input)
        guard FileManager.default.fileExists(atPath: input) else {
            throw AudioIOError(.notFound, location: input, message: "no such file")
        }
        let catalog = try VocoderCatalog(directory: VocoderCatalog.locate(explicitPath: vocodersDirectory))
        let manifest = try catalog.manifest(named: vocoder)
        var griffinLim = GriffinLimOptions.default
        griffinLim.iterations = iterations
        let engine = try VocoderCatalog.makeVocoder(manifest, models: ModelsDirectory.locate(explicitPath: modelsDirectory),
                                                   griffinLim: griffinLim)
        let files = try FileVocoder(vocoder: engine, chunking: manifest.chunking)

        let writer = try AudioOutput.open(output, format: AudioFormat(sampleRate: engine.sampleRate, channelCount: 1))
        let duration = (try? SoundFileReader(path: input).info.duration) ?? 0
        let progress = ProgressLine(total: duration, label: URL(fileURLWithPath: self.input).lastPathComponent, quiet: quiet)
        let summary = try files.run(path: input, emit: { samples in
            try writer.writeFrames(AudioBuffer(mono: samples, sampleRate: engine.sampleRate))
        }, progress: { progress.update(seconds: $0) })
        progress.finish()
        try writer.finishWriting()

        let seconds = Date().timeIntervalSince(started)
        let outputSeconds = Double(summary.samples) / Double(summary.sampleRate)
        let result = Summary(input: self.input, output: output, vocoder: manifest.name, sampleRate: summary.sampleRate,
                             inputSeconds: summary.inputSeconds, outputSeconds: outputSeconds, frames: summary.frames,
                             seconds: seconds, realTimeFactor: seconds / max(outputSeconds, 1e-9))
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(result), as: UTF8.self))
        } else {
            let line = String(format: "%@: %.2f s at %d Hz from %@ (%@, %.2f× real time)",
                              output == AudioOutput.standardOutput ? StandardOutput.name : output, outputSeconds,
                              summary.sampleRate, self.input == StandardInput.dash ? StandardInput.displayName : self.input,
                              manifest.name, result.realTimeFactor)
            // With the audio on stdout, the summary must not be mixed into it.
            if output == AudioOutput.standardOutput {
                FileHandle.standardError.write(Data("myna: \(line)\n".utf8))
            } else {
                print(line)
            }
        }
    }
}
