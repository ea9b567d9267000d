import ArgumentParser
import Foundation
import MynaKit

/// `myna vad`: where people speak in audio files, found by Silero VAD v6 exactly as silero-vad's
/// `get_speech_timestamps` finds it.
struct VAD: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vad",
        abstract: "Find the speech in audio files with Silero VAD v6 (start and end of each segment, in seconds).",
        discussion: """
        Decodes any format libsndfile reads, converts it to 16 kHz mono in blocks (memory does not grow with the \
        length of the file) and computes a speech probability every 32 ms with Silero VAD v6, natively. Segments \
        are found as silero-vad 6.2.3's get_speech_timestamps finds them, with its defaults: a step at or above \
        --threshold starts speech; speech ends after --min-silence-ms below the negative threshold (threshold − \
        0.15 unless --neg-threshold is given); segments of --min-speech-ms or less are dropped, longer than \
        --max-speech-s are split at a pause; each segment is widened by --speech-pad-ms on both sides.

        Output: one line per segment, start and end in seconds; with several files, each file's segments follow its \
        name. A file without speech says so. --json prints an array with one object per file: path, \
        durationSeconds, speechSeconds, and segments with start and end in samples at 16 kHz and in seconds \
        (startSeconds, endSeconds); --probabilities adds every step's probability (in text: one 'seconds \
        probability' line per step).

        --model takes an installed model name (silero-vad-v6, the default: silero_vad_16k.safetensors), a folder, \
        or a weight file: models/silero-vad-v6/silero_vad_16k_op15.onnx holds the other weights silero-vad ships, \
        those of its load_silero_vad() (TorchScript and ONNX models), which give somewhat different probabilities.

        Examples:
          myna vad audio-samples/jfk.flac
          myna vad --json recording.wav
          myna vad --threshold 0.6 --min-silence-ms 300 --speech-pad-ms 100 interview.mp3
          myna vad --max-speech-s 30 lecture.flac
          myna vad --model models/silero-vad-v6/silero_vad_16k_op15.onnx talk.flac
        """)

    @Argument(help: ArgumentHelp("Audio files to analyse ('-' reads one from stdin).", valueName: "file"))
    var files: [String]

    @Flag(name: .customLong("json"), help: "Print a JSON array, one object per readable file, on stdout.")
    var json = false

    @Flag(name: .customLong("probabilities"), help: "Also print the speech probability of every 32 ms step.")
    var probabilities = false

    @Option(name: .long, parsing: .unconditional, help: "A step with at least this speech probability is speech.")
    var threshold = SpeechTimestampOptions.default.threshold

    @Option(name: .customLong("neg-threshold"), parsing: .unconditional, help: "Inside speech, a step below this is silence (default: threshold − 0.15).")
    var negativeThreshold: Double?

    @Option(name: .customLong("min-speech-ms"), parsing: .unconditional, help: "Drop segments this short or shorter, in milliseconds.")
    var minSpeechMs = SpeechTimestampOptions.default.minSpeechDurationMs

    @Option(name: .customLong("min-silence-ms"), parsing: .unconditional, help: "Silence that ends a segment, in milliseconds.")
    var minSilenceMs = SpeechTimestampOptions.default.minSilenceDurationMs

    @Option(name: .customLong("speech-pad-ms"), parsing: .unconditional, help: "Widen each segment by this much on both sides, in milliseconds.")
    var speechPadMs = SpeechTimestampOptions.default.speechPadMs

    @Option(name: .customLong("max-speech-s"), parsing: .unconditional, help: "Split segments longer than this, in seconds (default: never).")
    var maxSpeechSeconds: Double?

    @Option(name: .long, help: "Installed model name, model folder, or .safetensors / .onnx weight file.")
    var model = SileroModelLocation.defaultName

    @Option(name: .customLong("models-dir"), help: "Where installed models live (default: $MYNA_MODELS_DIR, the installed share/myna/models, the checkout's models/, $XDG_DATA_HOME/myna/models).")
    var modelsDirectory: String?

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("Give at least one audio file.") }
    }

    var options: SpeechTimestampOptions {
        var options = SpeechTimestampOptions.default
        options.threshold = threshold
        options.negativeThreshold = negativeThreshold
        options.minSpeechDurationMs = minSpeechMs
        options.minSilenceDurationMs = minSilenceMs
        options.speechPadMs = speechPadMs
        if let maxSpeechSeconds { options.maxSpeechDurationSeconds = maxSpeechSeconds }
        return options
    }

    func run() throws {
        let options = self.options
        do { try options.validate() } catch let error as ConfigurationError {
            throw ConfigurationError(field: Self.optionName[error.field] ?? error.field, message: error.message)
        }
        let detector = try SileroModelLocation.loadDetector(model, modelsDirectory: ModelsDirectory.locate(explicitPath: modelsDirectory))
        var reports: [FileReport] = []
        var firstError: Error?
        for file in try StandardInput.resolve(files) {
            do {
                let header = try SoundFileReader(path: file)
                let progress = ProgressLine(total: Double(header.frameCount) / Double(header.format.sampleRate),
                                            label: URL(fileURLWithPath: StandardInput.displayName(for: file)).lastPathComponent)
                let analysis = try SpeechFileAnalysis(path: file, detector: detector, options: options,
                                                      keepingProbabilities: probabilities) { progress.update(seconds: $0) }
                progress.finish()
                let report = FileReport(path: StandardInput.displayName(for: file), analysis: analysis)
                if json { reports.append(report) } else { print(report.text(withName: files.count > 1), terminator: "") }
            } catch {
                firstError = firstError ?? error
                ErrorReport.write(error, file: file, json: reportsErrorsAsJSON)
            }
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(reports), as: UTF8.self))
        }
        if let firstError { throw ExitCode(MynaErrorLine.exitCode(for: firstError)) }
    }

    /// The command-line spelling of each option field, for validation errors.
    static let optionName = [
        "threshold": "--threshold", "negativeThreshold": "--neg-threshold", "minSpeechDurationMs": "--min-speech-ms",
        "minSilenceDurationMs": "--min-silence-ms", "speechPadMs": "--speech-pad-ms",
        "maxSpeechDurationSeconds": "--max-speech-s",
    ]
}

extension VAD {
    /// One file's result, as printed.
    struct FileReport: Encodable {
        struct Segment: Encodable {
            var start: Int, end: Int
            var startSeconds: Double, endSeconds: Double
        }

        var path: String
        var durationSeconds: Double
        var speechSeconds: Double
        var segments: [Segment]
        var probabilities: [Float]?

        init(path: String, analysis: SpeechFileAnalysis) {
            self.path = path
            durationSeconds = analysis.duration
            speechSeconds = analysis.speechDuration
            segments = analysis.segments.map {
                Segment(start: $0.startSample, end: $0.endSample, startSeconds: $0.startSeconds(), endSeconds: $0.endSeconds())
            }
            probabilities = analysis.probabilities
        }

        func text(withName: Bool) -> String {
            var text = withName ? "\(path):\n" : ""
            let indent = withName ? "  " : ""
            if let probabilities {
                for (step, probability) in probabilities.enumerated() {
                    text += indent + String(format: "%.3f %.4f\n", Double(step) * 0.032, probability)
                }
            }
            if segments.isEmpty {
                text += indent + String(format: "no speech (%.3f s of audio)\n", durationSeconds)
            }
            for segment in segments {
                text += indent + String(format: "%.3f %.3f\n", segment.startSeconds, segment.endSeconds)
            }
            return text
        }
    }
}
