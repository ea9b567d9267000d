import ArgumentParser
import Foundation
import MynaKit

/// `myna say`: text to speech with a Piper voice, sentence by sentence.
struct Say: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "say",
        abstract: "Speak text with a Piper voice (VITS, read natively from the voice's .onnx).",
        discussion: """
        The text comes from the arguments, from --file, or from standard input. espeak-ng turns it into \
        phonemes clause by clause (the voice's espeak voice, Debian's libespeak-ng); each sentence is \
        synthesized and written, played or streamed as soon as it is ready, before the next one is started. \
        Sentences are peak-normalised as piper-tts does. Write [[ phonemes ]] inside the text for words \
        espeak-ng gets wrong.

        Outputs (any combination): -o FILE (.wav, .flac, .ogg, .opus or .mp3 by extension; the file appears \
        only when complete, replacing any file there), --play on an ALSA device, -o - (or --format wav) for 16-bit \
        WAV on stdout, --raw (or --format raw) for 16-bit little-endian mono PCM on stdout, one sentence at a time \
        (pipe it into 'aplay -r 22050 -f S16_LE -t raw -' or sox). Audio is never written to a terminal. --json \
        prints a summary on stdout. While a file is written, progress shows on stderr when it is a terminal \
        (--quiet hides it). A sentence longer than about 400 phonemes is spoken in pieces split at a pause or a \
        word boundary, so memory stays bounded whatever the text.

        --speed changes the phoneme durations (Piper's length_scale = 1 / speed), never the pitch. \
        --noise-scale and --noise-w set the voice's variation (0 and 0: the same audio every time).

        Examples:
          myna say "Hello from Myna." -o hello.wav
          myna say --play "The kettle is boiling."
          echo "Streaming speech." | myna say --raw | aplay -r 22050 -f S16_LE -t raw -
          myna say -o - "Into another program." | sox -t wav - -t alsa
          myna say --file chapter.txt --speed 1.2 --sentence-silence 0.3 -o chapter.flac
          myna say --voice path/to/en_GB-alan-medium.onnx --rate 16000 -o alan.wav "Good evening."
          myna say --json -o out.wav "How long does this take?"
        """)

    @Argument(help: ArgumentHelp("Text to speak (all arguments joined by spaces).", valueName: "text"))
    var words: [String] = []

    @Option(name: [.customShort("f"), .long], help: ArgumentHelp("Read the text from this file ('-' for stdin).", valueName: "path"))
    var file: String?

    @Option(name: .shortAndLong, help: ArgumentHelp("""
        Write the speech to this file (.wav, .flac, .ogg, .opus or .mp3, by extension), or '-' for WAV on stdout.
        """, valueName: "path"))
    var output: String?

    @Option(name: .long, help: ArgumentHelp("""
        Format of the speech on stdout: wav (16-bit, streamed) or raw (16-bit little-endian PCM, as --raw). \
        With -o FILE it must agree with the file's extension.
        """, valueName: "format"))
    var format: FormatArgument?

    @Flag(name: .long, help: "Play the speech on a sound device.")
    var play = false

    @OptionGroup var deviceOptions: AudioDeviceOptions

    @Flag(name: .long, help: "Write 16-bit little-endian mono PCM to stdout, sentence by sentence (--format raw).")
    var raw = false

    @Flag(name: .long, help: "No progress line on stderr while writing a file.")
    var quiet = false

    @Option(name: .long, help: ArgumentHelp("Installed voice name or Piper .onnx file.", valueName: "voice"))
    var voice = SpeechOptions.default.voice

    @Option(name: .customLong("models-dir"), help: "Where installed models live (default: $MYNA_MODELS_DIR, the installed share/myna/models, the checkout's models/, $XDG_DATA_HOME/myna/models).")
    var modelsDirectory: String?

    @Option(name: .long, parsing: .unconditional, help: "Speaking rate: 2 is twice as fast (phoneme durations × 1/speed).")
    var speed = SpeechOptions.default.speed

    @Option(name: .customLong("noise-scale"), parsing: .unconditional, help: "Voice variation (default: the voice's, Piper's 0.667).")
    var noiseScale: Float?

    @Option(name: .customLong("noise-w"), parsing: .unconditional, help: "Rhythm variation (default: the voice's, Piper's 0.8).")
    var noiseW: Float?

    @Option(name: .customLong("sentence-silence"), parsing: .unconditional, help: "Seconds of silence between sentences.")
    var sentenceSilence = SpeechOptions.default.sentenceSilence

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Resample the output to this rate in Hz (default: the voice's).", valueName: "hz"))
    var rate: Int?

    @Option(name: .long, help: ArgumentHelp("Speaker of a multi-speaker voice: id or name.", valueName: "speaker"))
    var speaker: String?

    @Option(name: .long, parsing: .unconditional, help: "Seed of the noise (the same seed and text give the same audio).")
    var seed = SpeechOptions.default.seed

    @Flag(name: .customLong("json"), help: "Print a JSON summary on stdout.")
    var json = false

    @Option(name: .long, parsing: .unconditional, help: "Threads for matrix products (default: all cores).")
    var threads: Int?

    func validate() throws {
        if !words.isEmpty && file != nil { throw ValidationError("Give the text as arguments or with --file, not both.") }
        if output == nil && !play && standardOutputFormat == nil {
            throw ValidationError("Say where the speech goes: -o FILE, -o - (WAV on stdout), --format wav|raw, --play or --raw.")
        }
        if raw && format != nil && format != .raw { throw ValidationError("--raw and --format \(format!.rawValue) disagree.") }
        if raw && output != nil { throw ValidationError("--raw writes audio to stdout; give -o FILE or --raw, not both.") }
        if let output, let format, output != AudioOutput.standardOutput {
            if format == .raw { throw ValidationError("--format raw writes to stdout; it cannot be combined with -o FILE.") }
            let expected = try? SoundFileEncoding.forPath(output)
            if expected != format.fileEncoding {
                throw ValidationError("--format \(format.rawValue) contradicts the extension of -o \(output).")
            }
        }
        if standardOutputFormat != nil && json {
            throw ValidationError("The speech goes to stdout; --json cannot be combined with audio on stdout.")
        }
        if let threads { try OptionBounds.require("--threads", threads, atLeast: 1) }
        // The ranges of the speech options are the library's; its fields are spelt as the options, without dashes.
        do { try speechOptions.validate() } catch { throw ValidationError("--\(error.field): \(error.message)") }
    }

    /// The request's options, from the command line (defaults from `SpeechOptions.default`).
    private var speechOptions: SpeechOptions {
        SpeechOptions(voice: voice, speed: speed, noiseScale: noiseScale, noiseW: noiseW, sentenceSilence: sentenceSilence,
                      seed: seed, speaker: speaker, sampleRate: rate)
    }

    func run() async throws {
        do {
            try await speak()
        } catch let error as CancellationError {
            throw error
        } catch {
            guard MynaErrorLine.line(for: error) != nil else { throw error }
            throw ExitCode(ErrorReport.write(error, json: json))
        }
    }

    private func speak() async throws {
        if let output, output != AudioOutput.standardOutput { try AudioOutput.check(output) }
        if standardOutputFormat != nil, StandardOutput.isTerminal {
            throw OutputFileError(.invalidDestination, location: StandardOutput.name, message: """
                is a terminal; the speech would be written there as binary audio: redirect stdout to a file or pipe it \
                into a player (aplay, sox)
                """)
        }
        let text = try readText()
        guard !text.allSatisfy(\.isWhitespace) else {
            throw CommandFailure(description: "\(source): nothing to say: the text is empty", exitCode: MynaErrorLine.badInput)
        }
        let started = Date()
        let engine = try MynaEngine(configuration: .init(modelsDirectory: ModelsDirectory.locate(explicitPath: modelsDirectory),
                                                         threads: threads))
        let speech = try engine.speak(text, options: speechOptions) { warning in
            FileHandle.standardError.write(Data("myna: warning: \(warning)\n".utf8))
        }
        let loaded = Date()

        let format = speech.format, outputRate = format.sampleRate
        let rawEncoder = try AudioEncoder(format: format, encoding: .pcm16)
        var writer: (any AudioFrameWriter)?
        let fileOutput = output == AudioOutput.standardOutput ? nil : output
        let streamFormat = standardOutputFormat
        let progress = ProgressLine(total: 0, label: fileOutput.map { URL(fileURLWithPath: $0).lastPathComponent } ?? "say",
                                    quiet: quiet || fileOutput == nil)
        var device: ALSAPlaybackDevice?
        var sentences: [[String: Any]] = []
        var totalSamples = 0
        var firstAudio: Double?

        func emit(_ samples: [Float]) async throws {
            guard !samples.isEmpty else { return }
            totalSamples += samples.count
            let buffer = AudioBuffer(mono: samples, sampleRate: outputRate)
            if let fileOutput {
                if writer == nil { writer = try AudioOutput.open(fileOutput, format: format) }
                try writer?.writeFrames(buffer)
            }
            switch streamFormat {
            case .wav:
                if writer == nil { writer = try AudioOutput.open(AudioOutput.standardOutput, format: format) }
                try writer?.writeFrames(buffer)
            case .raw: try StandardOutput.write(rawEncoder.append(buffer))
            default: break
            }
            if play {
                if device == nil { device = try ALSAPlaybackDevice(device: deviceOptions.device, format: format) }
                try await device?.write(buffer)
            }
        }

        for try await chunk in speech {
            try await emit(chunk.audio.samples)
            if firstAudio == nil { firstAudio = Date().timeIntervalSince(loaded) }
            sentences.append(["phonemes": chunk.phonemes, "seconds": chunk.audio.duration])
            progress.status("\(sentences.count) sentence\(sentences.count == 1 ? "" : "s"), \(String(format: "%.1f", Double(totalSamples) / Double(outputRate))) s of speech")
        }
        progress.finish()
        guard !sentences.isEmpty else {
            throw CommandFailure(description: """
                \(source): nothing to say: espeak-ng found nothing to pronounce in the text (only punctuation or symbols?)
                """, exitCode: MynaErrorLine.badInput)
        }
        if streamFormat == .wav && writer == nil { writer = try AudioOutput.open(AudioOutput.standardOutput, format: format) }
        try writer?.finishWriting()
        try await device?.finish()
        let finished = Date()
        if json {
            let seconds = Double(totalSamples) / Double(outputRate)
            let synthesis = finished.timeIntervalSince(loaded)
            let summary: [String: Any] = [
                "voice": speech.voice.modelPath, "sample_rate": outputRate, "output": output as Any? ?? NSNull(),
                "sentences": sentences, "samples": totalSamples, "seconds": seconds,
                "load_seconds": loaded.timeIntervalSince(started), "synthesis_seconds": synthesis,
                "first_audio_seconds": firstAudio ?? 0, "real_time_factor": seconds > 0 ? synthesis / seconds : 0,
            ]
            let data = try JSONSerialization.data(withJSONObject: summary, options: [.sortedKeys])
            try StandardOutput.write(data + Data("\n".utf8))
        }
    }

    /// What goes to stdout: WAV for `-o -` or `--format wav`, raw PCM for `--raw` or `--format raw`, else nothing.
    private var standardOutputFormat: FormatArgument? {
        if raw { return .raw }
        if output == AudioOutput.standardOutput { return format ?? .wav }
        if output == nil, let format, format == .wav || format == .raw { return format }
        return nil
    }

    private var source: String { file.map { $0 == "-" ? "stdin" : $0 } ?? (words.isEmpty ? "stdin" : "text") }

    /// The text from the arguments, the file or stdin, which must be UTF-8.
    private func readText() throws -> String {
        if !words.isEmpty { return words.joined(separator: " ") }
        let data: Data
        if let file, file != "-" {
            do { data = try Data(contentsOf: URL(fileURLWithPath: file)) } catch {
                throw AudioIOError(.unreadable, location: file, message: FileReadProblem.describe(error, path: file, expected: "a text file"))
            }
        } else {
            data = FileHandle.standardInput.readDataToEndOfFile()
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            let offset = Self.firstInvalidUTF8Offset(data)
            throw CommandFailure(description: "\(source): the text is not valid UTF-8 (first bad byte at offset \(offset))",
                                 exitCode: MynaErrorLine.badInput)
        }
        return text
    }

    static func firstInvalidUTF8Offset(_ data: Data) -> Int {
        var low = 0, high = data.count
        // The longest valid prefix (UTF-8 validity of prefixes is monotone up to a truncated final character).
        while low < high {
            let mid = (low + high + 1) / 2
            if String(validating: data.prefix(mid), as: UTF8.self) != nil { low = mid } else { high = mid - 1 }
        }
        return low
    }
}

extension Say {
    /// `--format`: the stdout formats, and the file formats it can name with `-o FILE`.
    enum FormatArgument: String, ExpressibleByArgument, CaseIterable {
        case wav, flac, ogg, opus, mp3, raw

        /// The encoding a file of this format gets (nil for raw, which is stdout only).
        var fileEncoding: SoundFileEncoding? {
            switch self {
            case .wav: .wav16
            case .flac: .flac16
            case .ogg: .oggVorbis
            case .opus: .oggOpus
            case .mp3: .mp3
            case .raw: nil
            }
        }
    }
}
