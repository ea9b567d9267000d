import ArgumentParser
import Foundation
import MynaCore
import MynaKit
import MynaRecognition
import MynaTensor
import MynaVAD

/// `myna transcribe`: Whisper speech recognition of audio files, laid out as openai-whisper's writers do.
struct Transcribe: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "transcribe",
        abstract: "Transcribe audio files with Whisper (faster-whisper/CTranslate2 model folders, read natively).",
        discussion: """
        Decodes any audio format libsndfile reads, converts it to 16 kHz mono in blocks (memory does not grow \
        with the length of the file), and transcribes it in 30 s \
        windows exactly as faster-whisper does (beam search, temperature fallback, timestamps, \
        conditioning on the previous text). 30 s windows in which Silero VAD hears no speech are skipped \
        undecoded, so silence, noise and music give no text (--no-vad decodes them too). Segments are printed as soon as they are final; \
        with -o or --output-dir the file appears only when the transcript is complete.

        --model takes an installed model name (see 'myna models') or any faster-whisper model folder. \
        English-only models (tiny.en, the default) always transcribe English; multilingual models detect \
        the language unless --language is given, and --task translate turns speech into English text.

        Formats: txt (one line per segment), srt, vtt, tsv (milliseconds), json (segments with tokens, \
        avg_logprob, compression_ratio, no_speech_prob, and the language with its probability). With several \
        files and no --output-dir, json is printed as one line per file.

        Examples:
          myna transcribe audio-samples/jfk.flac
          myna transcribe --format srt -o jfk.srt audio-samples/jfk.flac
          myna transcribe --model base --language auto --json talk.mp3
          myna transcribe --beam-size 1 long-lecture.flac
          myna transcribe --output-dir subs --format vtt *.flac
        """)

    @Argument(help: ArgumentHelp("Audio files to transcribe.", valueName: "file"))
    var files: [String]

    @Option(name: .long, help: "Installed model name or model folder.")
    var model = WhisperModelLocation.defaultName

    @Option(name: .customLong("models-dir"), help: "Where installed models live (default: $MYNA_MODELS_DIR, the checkout's models/, $XDG_DATA_HOME/myna/models).")
    var modelsDirectory: String?

    @Option(name: .long, help: "Output format: txt, srt, vtt, tsv or json.")
    var format: FormatArgument = .txt

    @Flag(name: .customLong("json"), help: "Same as --format json.")
    var json = false

    @Option(name: .shortAndLong, help: "Write the transcript to this file (one input file only).")
    var output: String?

    @Option(name: .customLong("output-dir"), help: "Write <name>.<format> for each input file into this folder.")
    var outputDirectory: String?

    @Option(name: .long, help: "Spoken language code (en, de, …) or 'auto' to detect it (multilingual models).")
    var language = "auto"

    @Option(name: .long, help: "transcribe, or translate into English (multilingual models).")
    var task: TaskArgument = .transcribe

    @Option(name: .customLong("beam-size"), help: "Beams at temperature 0 (1 is greedy, faster and slightly less accurate).")
    var beamSize = WhisperDecodingOptions.default.beamSize

    @Option(name: .long, help: "Beam search stops after round(beam-size × patience) finished hypotheses.")
    var patience = WhisperDecodingOptions.default.patience

    @Option(name: .customLong("best-of"), help: "Candidates sampled at each fallback temperature.")
    var bestOf = WhisperDecodingOptions.default.bestOf

    @Option(name: .customLong("initial-prompt"), help: "Text that primes the first window (names, spelling, style).")
    var initialPrompt: String?

    @Flag(name: .customLong("no-condition-on-previous-text"), help: "Decode each window without the text before it.")
    var noConditionOnPreviousText = false

    @Flag(name: .customLong("no-vad"), help: """
        Decode every 30 s window, also those where Silero VAD hears no speech (faster-whisper without vad_filter; \
        silence, noise and music may then turn into "you" or "Thank you.").
        """)
    var noVAD = false

    @Option(name: .customLong("vad-model"), help: "Silero VAD weights that find the speech (installed name, folder or file).")
    var vadModel = SileroModelLocation.defaultName

    @Option(name: .long, help: "Threads for matrix products and feature extraction (default: all cores).")
    var threads: Int?

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("Give at least one audio file.") }
        if output != nil && files.count > 1 { throw ValidationError("-o takes one input file; use --output-dir for several.") }
        if output != nil && outputDirectory != nil { throw ValidationError("Give -o or --output-dir, not both.") }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1.") }
    }

    func run() throws {
        if let threads { MynaThreads.set(threads) }
        var options = WhisperDecodingOptions.default
        options.beamSize = beamSize
        options.patience = patience
        options.bestOf = bestOf
        options.initialPrompt = initialPrompt
        options.conditionOnPreviousText = !noConditionOnPreviousText
        options.language = language == "auto" ? nil : language
        options.task = task.value
        try options.validate()

        let models = ModelsDirectory.locate(explicitPath: modelsDirectory)
        let folder = try WhisperModelLocation.resolve(model, modelsDirectory: models)
        let transcriber = try WhisperTranscriber(model: WhisperModel(directory: folder))
        let detector = noVAD ? nil : try SileroVoiceDetector(contentsOf: SileroModelLocation.resolve(vadModel, modelsDirectory: models))
        if let language = options.language, transcriber.model.tokenizer.special.languageToken(language) == nil {
            let known = transcriber.model.tokenizer.special.languages.map(\.code)
            throw ConfigurationError(field: "--language", message: """
                '\(language)' is not a Whisper language code; use 'auto' or one of \(known.prefix(12).joined(separator: ", ")), … \
                (\(known.count) in all)
                """)
        }
        if let language = options.language, !transcriber.model.tokenizer.isMultilingual, language != "en" {
            FileHandle.standardError.write(Data("myna: warning: \(folder.lastPathComponent) is English-only; transcribing as English, not '\(language)'\n".utf8))
            options.language = "en"
        }
        let chosenFormat = json ? .json : format.value
        var firstError: Error?
        for path in files {
            do {
                try transcribe(path, with: transcriber, detector: detector, options: options, format: chosenFormat)
            } catch {
                firstError = firstError ?? error
                let line = MynaErrorLine.line(for: error) ?? "\(path): \(error)"
                FileHandle.standardError.write(Data("myna: error: \(line)\n".utf8))
            }
        }
        if let firstError { throw ExitCode(MynaErrorLine.exitCode(for: firstError)) }
    }

    private func transcribe(_ path: String, with transcriber: WhisperTranscriber, detector: SileroVoiceDetector?,
                            options: WhisperDecodingOptions, format: TranscriptFormat) throws {
        let destination = try destinationPath(for: path, format: format)
        if let destination { try AtomicTextFile.checkWritable(destination) }
        // Streaming passes over the file (speech, then the log-mel maximum, then the windows): memory stays bounded
        // whatever its length.
        var options = options
        if let detector { options.speechFrames = try WhisperSpeechGate.speechFrames(path: path, detector: detector) }
        var features = try WhisperFileFeatures(path: path, melCount: transcriber.model.configuration.nMels)
        var writer = format.makeWriter()
        let progress = ProgressLine(total: features.duration, label: URL(fileURLWithPath: path).lastPathComponent)
        // Stream to stdout as segments become final; files are written whole at the end (nothing partial on failure).
        var pending = writer.header()
        if destination == nil { emit(pending); pending = "" }
        let transcript = try transcriber.transcribe(features: &features, options: options) { segment in
            let piece = writer.segment(segment)
            if destination == nil { emit(piece) } else { pending += piece }
            progress.update(seconds: segment.end)
        }
        progress.finish()
        var footer = writer.footer(transcript)
        if destination == nil {
            if format == .json { footer += "\n" }
            emit(footer)
        } else if let destination {
            try AtomicTextFile.write(pending + footer, to: destination)
        }
    }

    /// Unbuffered, so each segment shows up the moment it is final even when stdout is a pipe.
    private func emit(_ text: String) {
        if !text.isEmpty { FileHandle.standardOutput.write(Data(text.utf8)) }
    }

    private func destinationPath(for input: String, format: TranscriptFormat) throws -> String? {
        if let output { return output }
        guard let outputDirectory else { return nil }
        let base = URL(fileURLWithPath: input).deletingPathExtension().lastPathComponent
        return URL(fileURLWithPath: outputDirectory).appendingPathComponent("\(base).\(format.rawValue)").path
    }
}

extension Transcribe {
    enum FormatArgument: String, ExpressibleByArgument, CaseIterable {
        case txt, srt, vtt, tsv, json
        var value: TranscriptFormat { TranscriptFormat(rawValue: rawValue)! }
    }

    enum TaskArgument: String, ExpressibleByArgument, CaseIterable {
        case transcribe, translate
        var value: WhisperTask { WhisperTask(rawValue: rawValue)! }
    }
}
