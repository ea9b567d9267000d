import ArgumentParser
import Foundation
import MynaKit

/// `myna dictate`: live dictation from a microphone (or a file played as one): Silero VAD, streaming Whisper.
struct Dictate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dictate",
        abstract: "Dictate from a microphone: text appears as you speak (Silero VAD + streaming Whisper).",
        discussion: """
        Captures from an ALSA device (or plays --input as if it were one), finds speech with Silero VAD, and \
        decodes each utterance with Whisper while it is spoken: every --step seconds the utterance so far is \
        decoded again, and the words two decodes in a row agree on are committed (never changed again). On a \
        terminal, committed words are shown in normal type and the tentative rest dimmed, rewritten in place. When \
        you pause for --min-silence seconds the utterance is decoded once more and its final text printed. Nothing \
        is decoded while no one speaks, so silence and noise produce no text.

        Ctrl-C ends dictation after printing the final text of the utterance in progress. The capture thread never \
        waits for the recognizer: audio queues meanwhile, and anything lost (device overruns, a full queue) is \
        reported at the end. A device that disappears or delivers no audio for 2 s ends dictation the same way \
        (the final text of the utterance in progress first), then with one error line naming it and exit status 3.

        --json prints one event per line: {"type":"partial","utterance":N,"start":s,"end":s,"committed":…,\
        "tentative":…,"text":…} and {"type":"final","utterance":N,"start":s,"end":s,"endpoint":s,"reason":…,\
        "text":…}, then {"type":"summary",…} with counts and timings. Times are seconds since capture began; \
        a final's endpoint is when the VAD decided the utterance was over.

        Examples:
          myna dictate
          myna dictate --device plughw:1,0 --output notes.txt
          myna dictate --input meeting.flac --json
          myna dictate --input lecture.flac --fast --output lecture.txt
          myna dictate --min-silence 0.8 --initial-prompt "Myna, ALSA, Silero."
        """)

    @OptionGroup var deviceOptions: AudioDeviceOptions

    @Option(help: ArgumentHelp("Play this audio file as if it were the microphone, in real time (see --fast); '-' reads it from stdin.", valueName: "file"))
    var input: String?

    @Flag(help: "With --input: feed the file as fast as it is decoded instead of in real time.")
    var fast = false

    @Option(parsing: .unconditional, help: ArgumentHelp("Stop after this many seconds of audio (default: until Ctrl-C or the end of --input).",
                               valueName: "seconds"))
    var duration: Double?

    @Flag(name: .customLong("json"), help: "One JSON event per line on stdout (partial, final, summary).")
    var json = false

    @Option(name: .shortAndLong, help: ArgumentHelp("Append each final text to this file, one line per utterance.", valueName: "file"))
    var output: String?

    @Option(parsing: .unconditional, help: ArgumentHelp("Seconds of new speech between partial decodes.", valueName: "seconds"))
    var step = DictationOptions.default.step

    @Option(name: .long, help: "Installed Whisper model name or model folder.")
    var model = WhisperModelLocation.defaultName

    @Option(name: .customLong("vad-model"), help: ArgumentHelp("Silero VAD weights (default: the installed silero-vad-v6).", valueName: "file"))
    var vadModel: String?

    @Option(name: .customLong("models-dir"), help: "Where installed models live (default: $MYNA_MODELS_DIR, the installed share/myna/models, the checkout's models/, $XDG_DATA_HOME/myna/models).")
    var modelsDirectory: String?

    @Option(name: .customLong("vad-threshold"), parsing: .unconditional, help: ArgumentHelp("Speech probability that starts an utterance.", valueName: "p"))
    var vadThreshold = UtteranceSegmenterOptions.default.onsetThreshold

    @Option(name: .customLong("vad-offset-threshold"), parsing: .unconditional, help: ArgumentHelp("Speech probability below which a step counts as silence.", valueName: "p"))
    var vadOffsetThreshold = UtteranceSegmenterOptions.default.offsetThreshold

    @Option(name: .customLong("min-speech"), parsing: .unconditional, help: ArgumentHelp("Shorter speech is ignored (clicks, coughs).", valueName: "seconds"))
    var minSpeech = UtteranceSegmenterOptions.default.minSpeechDuration

    @Option(name: .customLong("min-silence"), parsing: .unconditional, help: ArgumentHelp("Silence that ends an utterance.", valueName: "seconds"))
    var minSilence = UtteranceSegmenterOptions.default.minSilenceDuration

    @Option(name: .customLong("speech-pad"), parsing: .unconditional, help: ArgumentHelp("Audio kept before the speech.", valueName: "seconds"))
    var speechPad = UtteranceSegmenterOptions.default.speechPad

    @Option(name: .customLong("end-pad"), parsing: .unconditional, help: ArgumentHelp("Audio kept after the speech.", valueName: "seconds"))
    var endPad = UtteranceSegmenterOptions.default.endPad

    @Option(name: .customLong("max-utterance"), parsing: .unconditional, help: ArgumentHelp("Longer utterances are cut at their last pause.", valueName: "seconds"))
    var maxUtterance = UtteranceSegmenterOptions.default.maxUtteranceDuration

    @Option(name: .customLong("beam-size"), parsing: .unconditional, help: "Beams for the final text of each utterance (1 is greedy and faster).")
    var beamSize = DictationOptions.default.finalDecoding.beamSize

    @Option(name: .long, help: "Spoken language: a code or name (de, German, …), or 'auto' to detect it per utterance (multilingual models).")
    var language = WhisperLanguage.automatic

    @Option(name: .customLong("initial-prompt"), help: "Text that primes the first utterance (names, spelling, style).")
    var initialPrompt: String?

    @Flag(name: .customLong("no-speculative-final"), help: ArgumentHelp("Decode the final text only after the silence (for measurements).", visibility: .hidden))
    var noSpeculativeFinal = false

    @Option(name: .customLong("partial-encoder-padding"), parsing: .unconditional, help: ArgumentHelp(
        "Partial decodes encode only the utterance plus this many seconds instead of a 30 s window (faster, less accurate).",
        valueName: "seconds", visibility: .hidden))
    var partialEncoderPadding: Double?

    @Flag(name: .customLong("lossless-capture"), help: ArgumentHelp(
        "The capture thread waits for the recognizer instead of dropping the oldest audio (for PCMs that deliver faster than real time, such as ALSA's file plugin; a real microphone then overruns instead).",
        visibility: .hidden))
    var losslessCapture = false

    @Option(name: .long, parsing: .unconditional, help: "Threads for matrix products (default: all cores).")
    var threads: Int?

    @Flag(name: .long, help: "Print where the time went at the end (stderr).")
    var verbose = false

    @Flag(name: .customLong("word-timestamps"), help: ArgumentHelp(
        "With --json: finals carry \"words\" ({word, start, end, probability}, seconds of the stream), timed as transcribe times them.",
        discussion: "Costs one more encoder pass per utterance."))
    var wordTimestamps = false

    func validate() throws {
        if fast && input == nil { throw ValidationError("--fast needs --input.") }
        if wordTimestamps && !json { throw ValidationError("--word-timestamps needs --json (the words are a member of each final).") }
        if let threads { try OptionBounds.require("--threads", threads, atLeast: 1) }
        if let duration { try OptionBounds.requirePositive("--duration", duration, unit: " seconds") }
    }

    func run() async throws {
        let options = try dictationOptions()
        if let output { try AppendedTextFile.checkWritable(output) }
        // Catch Ctrl-C before anything opens, so an early one still ends cleanly.
        let interrupt = Record.InterruptWatcher(signals: [SIGINT, SIGTERM])
        defer { interrupt.cancel() }

        // A file is opened (and checked) before the models load; its clock starts at the first read. A device opens
        // last, so that it does not capture into its queue while the models load.
        let fileSource = try input.map { try openFile($0) }
        let engine = try MynaEngine(configuration: .init(modelsDirectory: ModelsDirectory.locate(explicitPath: modelsDirectory),
                                                         threads: threads))
        let session = try engine.dictationSession(model: model, voiceDetector: vadModel, options: options)
        session.warmUp()

        let source = try fileSource ?? openDevice()
        let stop = source.stop
        // Set on Ctrl-C, read when the input ends: the last final's reason is then `stopped`.
        let stopped = SetOnceFlag()
        interrupt.onInterrupt {
            stopped.set()
            stop()
        }
        if !json {
            // "speak" only when someone can: a file played as a microphone is dictated, not spoken into.
            note("\(source.describe); \(input == nil ? "speak" : "dictating"), Ctrl-C to stop")
        }
        let appended = try output.map { try AppendedTextFile(path: $0) }
        let printer = EventPrinter(json: json, terminal: isatty(STDOUT_FILENO) == 1)
        // A file decoded as fast as possible is long work: progress on stderr (only when it is a terminal, and not
        // when the live text is on the same terminal).
        let progress = fast && !(isatty(STDOUT_FILENO) == 1 && !json)
            ? (source.audio as? AudioFileMicrophone).map { ProgressLine(total: $0.duration, label: "dictating") } : nil
        defer { progress?.finish() }
        let frameLimit = duration.map { Int(($0 * Double(AudioFormat.speech16k.sampleRate)).rounded()) }
        var failure: Error?
        do {
            let audio = LossReportingSource(source.audio, counters: { source.counters }) { loss in
                note("warning: audio lost at \(String(format: "%.1f", loss.position)) s: \(Self.describe(loss))")
            }
            try await LiveDictation.run(session, source: audio, readFrames: source.readFrames,
                                        frameLimit: frameLimit, isStopped: { stopped.isSet }) { event in
                progress?.finish()
                printer.print(event)
                switch event {
                case .partial(let partial): progress?.update(seconds: partial.end)
                case .final(let final): progress?.update(seconds: final.endpoint)
                }
                if case .final(let final) = event, !final.text.isEmpty { try appended?.append(final.text) }
            }
        } catch {
            failure = error
        }
        let counters = source.counters
        printer.summary(session.statistics, overruns: counters.overruns, droppedFrames: counters.droppedFrames)
        if verbose { note(Self.timing(session.statistics)) }
        if counters.overruns > 0 || counters.droppedFrames > 0 {
            note("""
                warning: \(counters.overruns) overrun\(counters.overruns == 1 ? "" : "s") and \(counters.droppedFrames) \
                dropped frames: audio was lost because the machine fell behind
                """)
        }
        if let failure { throw failure }
    }

    private func dictationOptions() throws -> DictationOptions {
        var options = DictationOptions.default
        options.step = step
        options.segmentation.onsetThreshold = vadThreshold
        options.segmentation.offsetThreshold = vadOffsetThreshold
        options.segmentation.minSpeechDuration = minSpeech
        options.segmentation.minSilenceDuration = minSilence
        options.segmentation.speechPad = speechPad
        options.segmentation.endPad = endPad
        options.segmentation.maxUtteranceDuration = maxUtterance
        options.finalDecoding.beamSize = beamSize
        options.finalDecoding.language = WhisperLanguage.code(fromArgument: language)
        options.finalDecoding.wordTimestamps = wordTimestamps
        options.initialPrompt = initialPrompt
        options.speculativeFinal = !noSpeculativeFinal
        if let partialEncoderPadding { options.partialEncoderPadding = partialEncoderPadding }
        // The library names its fields as the options are spelt, without the dashes the user typed.
        do { try options.validate() } catch let error as ConfigurationError {
            throw ConfigurationError(field: "--" + error.field, message: error.message)
        }
        return options
    }

    private func openFile(_ input: String) throws -> DictationSource {
        let microphone = try AudioFileMicrophone(path: StandardInput.resolve(input), pace: fast ? .fast : .realTime)
        return DictationSource(
            audio: microphone, readFrames: fast ? DictationSource.fastReadFrames : DictationSource.liveReadFrames,
            describe: "playing \(input == StandardInput.dash ? StandardInput.displayName : input) as a microphone\(fast ? " (fast)" : "")",
            stop: { microphone.stop() },
            counters: { (0, microphone.droppedFrameCount) })
    }

    private func openDevice() throws -> DictationSource {
        let device = try ALSACaptureDevice(device: deviceOptions.device, format: .speech16k,
                                           options: ALSACaptureOptions(queueDuration: 30,
                                                                       overflowPolicy: losslessCapture ? .waitForReader : .dropOldest))
        return DictationSource(
            // A PCM faster than real time is read like --fast, so partials come as they would live.
            audio: device, readFrames: losslessCapture ? DictationSource.fastReadFrames : DictationSource.liveReadFrames,
            describe: "listening on \(device.deviceName) (\(device.deviceFormat), \(device.deviceSampleFormat))",
            stop: { device.stop() },
            counters: { (device.overrunCount, device.droppedFrameCount) })
    }

    static func describe(_ loss: AudioLoss) -> String {
        var parts: [String] = []
        if loss.overruns > 0 { parts.append("\(loss.overruns) device overrun\(loss.overruns == 1 ? "" : "s")") }
        if loss.droppedSeconds > 0 {
            parts.append(String(format: "%.2f s dropped because the recognizer fell behind", loss.droppedSeconds))
        }
        return parts.joined(separator: ", ")
    }

    private func note(_ line: String) {
        FileHandle.standardError.write(Data("myna: \(line)\n".utf8))
    }

    static func timing(_ s: DictationStatistics) -> String {
        func rate(_ seconds: Double, _ count: Int) -> String {
            count == 0 ? "-" : String(format: "%.3f s each", seconds / Double(count))
        }
        return """
            \(String(format: "%.1f", s.audioSeconds)) s of audio, \(s.utteranceCount) utterances \
            (\(s.silentUtteranceCount) silent, \(s.discardedCount) too short); \
            \(s.partialDecodes) partial decodes (\(rate(s.partialSeconds, s.partialDecodes))), \
            \(s.speculativeDecodes) speculative (\(rate(s.speculativeSeconds, s.speculativeDecodes))), \
            \(s.finalDecodes) final (\(rate(s.finalSeconds, s.finalDecodes))), \(s.reusedFinals) finals reused, \(s.forcedFinals) forced to the committed words; \
            encoder \(String(format: "%.1f", s.encoderSeconds)) s, front end \(String(format: "%.1f", s.frontEndSeconds)) s
            """
    }
}
