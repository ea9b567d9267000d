import ArgumentParser
import Foundation
import MynaKit

/// `myna transcribe`: Whisper speech recognition of audio files, laid out as openai-whisper's writers do.
struct Transcribe: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "transcribe",
        abstract: "Transcribe audio files with Whisper (faster-whisper/CTranslate2 model folders, read natively).",
        discussion: """
        Decodes any audio format libsndfile reads, converts it to 16 kHz mono in blocks (memory does not grow \
        with the length of the file), and transcribes it in 30 s \
        windows exactly as faster-whisper does (beam search, temperature fallback, timestamps, \
        conditioning on the previous text). 30 s windows in which Silero VAD hears no speech are skipped \
        undecoded, so silence, noise and music give no text (--no-vad decodes them too). Segments are printed as soon as they are final; \
        with -o or --output-dir the file appears only when the transcript is complete, replacing any file of that \
        name in one step (a run that fails leaves the old file as it was). A progress bar is drawn on stderr when it \
        is a terminal, whether the text goes to stdout or to files; --quiet turns it off.

        --model takes an installed model name (see 'myna models') or any faster-whisper model folder. \
        English-only models (tiny.en, the default) always transcribe English; multilingual models detect \
        the language unless --language is given, and --task translate turns speech into English text.

        Formats: txt (one line per segment), srt, vtt, tsv (milliseconds), json (segments with tokens, \
        avg_logprob, compression_ratio, no_speech_prob, and the language with its probability). The format is \
        --format (or --json), else the extension of -o (.txt, .srt, .vtt, .tsv, .json), else txt (also for any \
        other extension); a --format that contradicts the extension of -o is an error.

        --word-timestamps times every word from the decoder's cross-attention exactly as faster-whisper does \
        (segment times then follow the first and last word): json segments get "words" ({"word", "start", "end", \
        "probability"}), srt and vtt cues are built from the words, and --max-line-width, --max-line-count and \
        --highlight-words lay them out as openai-whisper's options of those names do.

        --speakers says who speaks each word: the file is diarized first as 'myna diarize' does it (Silero VAD, GE2E \
        windows, clustering; --num-speakers, --min-speakers and --max-speakers as there), each word takes the speaker \
        whose turn overlaps it most (the nearest turn where none does), and a segment in which the speaker changes \
        is cut there. Speakers enrolled in the speaker database (--db) whose voice matches are named, the others are \
        SPEAKER_00, SPEAKER_01… in order of first appearance. txt, tsv and srt lines start with '[SPEAKER_00]: '; \
        vtt cue text is a WebVTT voice span, '<v SPEAKER_00>[SPEAKER_00]: text</v>' (players that read voices \
        see the speaker, the others show the prefix); json segments and words get "speaker". --speakers implies \
        --word-timestamps; silence has no speakers (nothing is labelled).

        '-' as a file reads the audio from stdin (called 'stdin' in labels and messages); -o - writes to stdout. \
        Several files on stdout are labelled: txt with a line '==> FILE <==' before each (as head does), tsv with a \
        first column 'file', json as one object per line with a "file" member; srt and vtt cannot tell files apart \
        in one stream, so several files need --output-dir. --output-dir (created when missing) gets \
        NAME.FORMAT per input, NAME being the file name without its extension ('stdin' for '-'); two inputs that \
        would get the same name (a/x.flac b/x.flac, or x.flac x.wav) are refused before any work, as is an output \
        that would replace an input.

        --server URL sends the files to a Myna server ('myna serve', or nginx in front of several replicas: \
        deploy/README.md) --parallel at a time instead of transcribing here, and writes every output exactly as a \
        local run with the server's model and settings would (--model, --language, --task, --initial-prompt and \
        --word-timestamps are sent; beam size, VAD and threads are the server's). A request that fails on the way \
        (connection refused or reset, 429, 500, 502, 503, 504) is sent again with backoff, honouring Retry-After; \
        the server's refusals (a file it cannot decode, an unknown model, a wrong API key) are reported at once. \
        Every input ends with its output or one error line; the exit status is the first error's (8 when the \
        server failed or could not be reached, 2 when it refused the input).

        Examples:
          myna transcribe audio-samples/jfk.flac
          myna transcribe -o jfk.srt audio-samples/jfk.flac
          sox audio-samples/jfk.flac -t wav - | myna transcribe -o jfk.vtt -
          myna transcribe --model base --language auto --json talk.mp3
          myna transcribe --beam-size 1 long-lecture.flac
          myna transcribe --output-dir subs --format vtt *.flac
          myna transcribe --word-timestamps --max-line-width 42 --max-line-count 2 -o talk.srt talk.flac
          myna transcribe --speakers --num-speakers 2 -o interview.vtt interview.flac
          myna transcribe --server http://127.0.0.1:8080 --parallel 4 --output-dir out --format srt *.flac
        """)

    @Argument(help: ArgumentHelp("Audio files to transcribe.", valueName: "file"))
    var files: [String]

    @Option(name: .long, help: "Installed model name or model folder.")
    var model = WhisperModelLocation.defaultName

    @Option(name: .customLong("models-dir"), help: "Where installed models live (default: $MYNA_MODELS_DIR, the installed share/myna/models, the checkout's models/, $XDG_DATA_HOME/myna/models).")
    var modelsDirectory: String?

    @Option(name: .long, help: "Output format: txt, srt, vtt, tsv or json (default: from the extension of -o, else txt).")
    var format: FormatArgument?

    @Flag(name: .customLong("json"), help: "Same as --format json.")
    var json = false

    @Option(name: .shortAndLong, help: "Write the transcript to this file, its format from its extension (one input file only; '-': stdout).")
    var output: String?

    @Option(name: .customLong("output-dir"), help: "Write <name>.<format> for each input file into this folder (created when missing).")
    var outputDirectory: String?

    @Flag(name: .long, help: "Draw no progress bar on stderr.")
    var quiet = false

    @Option(name: .long, help: "Spoken language: a code or name in any case (en, de, German, …) or 'auto' to detect it (multilingual models).")
    var language = WhisperLanguage.automatic

    @Option(name: .long, help: "transcribe, or translate into English (multilingual models).")
    var task: TaskArgument = .transcribe

    @Option(name: .customLong("beam-size"), parsing: .unconditional, help: "Beams at temperature 0 (1 is greedy, faster and slightly less accurate).")
    var beamSize = WhisperDecodingOptions.default.beamSize

    @Option(name: .long, parsing: .unconditional, help: "Beam search stops after round(beam-size × patience) finished hypotheses.")
    var patience = WhisperDecodingOptions.default.patience

    @Option(name: .customLong("best-of"), parsing: .unconditional, help: "Candidates sampled at each fallback temperature.")
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

    @Option(name: .long, parsing: .unconditional, help: "Threads for matrix products and feature extraction (default: all cores).")
    var threads: Int?

    @Flag(name: .customLong("word-timestamps"), help: """
        Time every word from the cross-attention (as faster-whisper's word_timestamps): json gets "words" per \
        segment, srt and vtt cues follow the words.
        """)
    var wordTimestamps = false

    @Option(name: .customLong("max-line-width"), parsing: .unconditional, help: "srt/vtt: characters per line before a line break (needs --word-timestamps).")
    var maxLineWidth: Int?

    @Option(name: .customLong("max-line-count"), parsing: .unconditional, help: "srt/vtt: lines per cue, with --max-line-width (needs --word-timestamps).")
    var maxLineCount: Int?

    @Flag(name: .customLong("highlight-words"), help: "srt/vtt: one cue per word, the word underlined (needs --word-timestamps).")
    var highlightWords = false

    @Flag(name: .long, help: "Label every word and segment with its speaker (diarization; implies --word-timestamps).")
    var speakers = false

    @Option(name: .customLong("num-speakers"), parsing: .unconditional, help: "With --speakers: the number of speakers, when known.")
    var numSpeakers: Int?

    @Option(name: .customLong("min-speakers"), parsing: .unconditional, help: "With --speakers: at least this many speakers (when not given).")
    var minSpeakers: Int?

    @Option(name: .customLong("max-speakers"), parsing: .unconditional, help: "With --speakers: at most this many speakers (when not given).")
    var maxSpeakers: Int?

    @OptionGroup var database: SpeakerDatabaseOptions

    @Option(name: .long, help: ArgumentHelp("""
        Send the files to a Myna server ('myna serve', or nginx in front of several) instead of transcribing here; \
        outputs are written as a local run writes them.
        """, valueName: "url"))
    var server: String?

    @Option(name: .long, parsing: .unconditional, help: "With --server: files sent at once (default: \(Transcribe.defaultParallel)).")
    var parallel: Int?

    @Option(name: .customLong("api-key"), help: "With --server: the server's API key (default: $MYNA_API_KEY).")
    var apiKey: String?

    @Option(name: .long, parsing: .unconditional, help: """
        With --server: times a failed request is sent again before its file is given up \
        (default: \(RemoteRetryPolicy.default.maxAttempts - 1), waiting 0.5 s, 1 s, 2 s … up to 16 s between).
        """)
    var retries: Int?

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("Give at least one audio file.") }
        if let output, output != StandardInput.dash, files.count > 1 {
            throw ValidationError("-o takes one input file; use --output-dir for several, or -o - for stdout.")
        }
        if output != nil && outputDirectory != nil { throw ValidationError("Give -o or --output-dir, not both.") }
        _ = try outputPlan()
        if let threads { try OptionBounds.require("--threads", threads, atLeast: 1) }
        try OptionBounds.require("--beam-size", beamSize, in: 1...32)
        try OptionBounds.requirePositive("--patience", patience)
        try OptionBounds.require("--best-of", bestOf, atLeast: 1)
        if !speakers {
            for (name, given) in [("--num-speakers", numSpeakers != nil), ("--min-speakers", minSpeakers != nil),
                                  ("--max-speakers", maxSpeakers != nil)] where given {
                throw ValidationError("\(name) needs --speakers.")
            }
        }
        if let diarization { try OptionBounds.library { try diarization.validate() } }
        if !wordTimestamps && !speakers {
            for (name, given) in [("--max-line-width", maxLineWidth != nil), ("--max-line-count", maxLineCount != nil),
                                  ("--highlight-words", highlightWords)] where given {
                throw ValidationError("\(name) needs --word-timestamps (or --speakers).")
            }
        }
        if let maxLineWidth { try OptionBounds.require("--max-line-width", maxLineWidth, atLeast: 1) }
        if let maxLineCount { try OptionBounds.require("--max-line-count", maxLineCount, atLeast: 1) }
        try validateServerOptions()
    }

    /// The diarization of --speakers (nil without it); the defaults are the library's.
    var diarization: DiarizationOptions? {
        guard speakers else { return nil }
        var options = DiarizationOptions.default
        options.speakerCount = numSpeakers
        if let minSpeakers { options.minSpeakers = minSpeakers }
        if let maxSpeakers { options.maxSpeakers = maxSpeakers }
        return options
    }

    /// srt and vtt layout of word-timed cues.
    var subtitleLayout: SubtitleLayout {
        SubtitleLayout(maxLineWidth: maxLineWidth, maxLineCount: maxLineCount, highlightWords: highlightWords)
    }

    func run() async throws {
        if let server { return try await runOnServer(server) }
        let plan = try outputPlan()
        var options = WhisperDecodingOptions.default
        options.beamSize = beamSize
        options.patience = patience
        options.bestOf = bestOf
        options.initialPrompt = initialPrompt
        options.conditionOnPreviousText = !noConditionOnPreviousText
        options.language = WhisperLanguage.code(fromArgument: language)
        options.task = task.value
        // The engine loads the models and makes the library's decisions (language policy, speech gate).
        let engine = try MynaEngine(configuration: .init(modelsDirectory: ModelsDirectory.locate(explicitPath: modelsDirectory),
                                                         threads: threads, whisperModel: model, voiceDetector: vadModel))
        let prepared: PreparedTranscription
        do {
            prepared = try engine.prepareTranscription(TranscriptionOptions(
                decoding: options, speechGate: !noVAD, wordTimestamps: wordTimestamps, speakers: diarization,
                speakerStore: speakers ? try database.storeForReading() : EmptySpeakerStore()))
        } catch let error as ConfigurationError where error.field == "language" {
            throw ConfigurationError(field: "--language", message: error.message)
        }
        var warnings = prepared.warnings
        if maxLineCount != nil && maxLineWidth == nil { warnings.append("--max-line-count has no effect without --max-line-width") }
        for warning in warnings { FileHandle.standardError.write(Data("myna: warning: \(warning)\n".utf8)) }
        // Everything that can be refused is refused before any audio is decoded (stdin is read whole first).
        let paths = try StandardInput.resolve(files)
        try plan.prepareDestinations()
        if let firstError = try transcribeAll(paths, plan: plan, transcription: prepared) {
            throw ExitCode(MynaErrorLine.exitCode(for: firstError))
        }
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
