import ArgumentParser
import Foundation
import MynaKit

/// Where `myna transcribe` puts each transcript, in which format, and how several are told apart on stdout.
///
/// Decided from the arguments alone, before any work, so a contradiction or a collision is one error and nothing is
/// read, decoded or written. The rules (also in `transcribe --help`):
/// - format: `--format`/`--json`, else the extension of `-o` (`.txt .srt .vtt .tsv .json`, any case), else txt; an
///   explicit format that contradicts a known extension is refused; an unknown extension (or none, `/dev/null`) is txt.
/// - no `-o`, or `-o -`: stdout. Several inputs are labelled (txt: a `==> name <==` line before each, as `head` does;
///   tsv: a first `file` column; json: one object per line with `"file"`); srt and vtt of several inputs are refused
///   (one stream of cues cannot say which file they belong to) with a pointer to `--output-dir`.
/// - `--output-dir`: `<base name>.<format>` per input (stdin: `stdin.<format>`); two inputs that would share a name
///   (`a/x.flac b/x.flac`, `x.flac x.wav`) are refused, naming both, rather than one silently replacing the other.
/// - no output may replace one of the inputs.
struct TranscriptOutputPlan: Equatable {
    enum Target: Equatable {
        case standardOutput
        case file(String)
    }

    var format: TranscriptFormat
    /// One per input, in order.
    var targets: [Target]
    /// Several transcripts share stdout, so each is labelled with its input's name.
    var labelsStandardOutput: Bool
    /// The `--output-dir` folder (created when missing, before any work).
    var directory: String?

    /// - Parameters:
    ///   - inputs: the input files as the user gave them (`-` for stdin).
    ///   - output: `-o` (`-` for stdout); `outputDirectory`: `--output-dir`.
    ///   - requested: `--format` when given; `json`: `--json`.
    /// - Throws: `ValidationError` naming the options or inputs in conflict.
    init(inputs: [String], output: String?, outputDirectory: String?, requested: TranscriptFormat?, json: Bool) throws {
        if json, let requested, requested != .json {
            throw ValidationError("--json and --format \(requested.rawValue) disagree; give one of them.")
        }
        let requested = json ? .json : requested
        directory = outputDirectory
        labelsStandardOutput = false
        if let outputDirectory {
            format = requested ?? .txt
            let format = format
            targets = inputs.map { input in
                let base = input == StandardInput.dash
                    ? StandardInput.displayName : URL(fileURLWithPath: input).deletingPathExtension().lastPathComponent
                // Spelled from the folder as given, so messages show the path the user typed.
                return .file((outputDirectory as NSString).appendingPathComponent("\(base).\(format.rawValue)"))
            }
            try Self.refuseSharedNames(inputs: inputs, targets: targets)
        } else if let output, output != StandardInput.dash {
            let named = TranscriptFormat(fileExtensionOf: output)
            if let requested, let named, requested != named {
                throw ValidationError("""
                    -o \(output) names a .\(named.rawValue) file but \(json ? "--json" : "--format \(requested.rawValue)") \
                    asks for \(requested.rawValue); drop one, or give the file a .\(requested.rawValue) name.
                    """)
            }
            format = requested ?? named ?? .txt
            targets = inputs.map { _ in .file(output) }
        } else {
            format = requested ?? .txt
            targets = inputs.map { _ in .standardOutput }
            labelsStandardOutput = inputs.count > 1
            if labelsStandardOutput, format == .srt || format == .vtt {
                throw ValidationError("""
                    \(format.rawValue) of several files cannot share stdout (nothing would say which file a cue belongs \
                    to); write one file per input with --output-dir FOLDER, or transcribe one file at a time.
                    """)
            }
        }
        try Self.refuseReplacingInputs(inputs: inputs, targets: targets)
    }

    /// What messages, labels and progress call `input`: `stdin` for `-`, else the path as given.
    static func displayName(of input: String) -> String {
        input == StandardInput.dash ? StandardInput.displayName : input
    }

    /// Two inputs whose outputs would land on one path: refused, since the second would replace the first.
    private static func refuseSharedNames(inputs: [String], targets: [Target]) throws {
        var firstInput: [String: String] = [:]
        for (input, target) in zip(inputs, targets) {
            guard case .file(let path) = target else { continue }
            let key = URL(fileURLWithPath: path).standardizedFileURL.path
            if let earlier = firstInput[key] {
                throw ValidationError("""
                    \(displayName(of: earlier)) and \(displayName(of: input)) would both be written to \(path); \
                    rename one, or transcribe them into different --output-dir folders.
                    """)
            }
            firstInput[key] = input
        }
    }

    /// An output on the path of an input would destroy the recording it was made from.
    private static func refuseReplacingInputs(inputs: [String], targets: [Target]) throws {
        let inputPaths = Set(inputs.filter { $0 != StandardInput.dash }.map(Self.canonical))
        for target in targets {
            guard case .file(let path) = target, inputPaths.contains(canonical(path)) else { continue }
            throw ValidationError("the output \(path) is one of the input files; choose another output name.")
        }
    }

    /// An absolute path with symbolic links resolved, so two spellings of one file compare equal.
    private static func canonical(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
    }
}

extension TranscriptOutputPlan {
    /// What comes before an input's segments: the `==> name <==` line of labelled txt (after a blank line when
    /// something was printed before), then the writer's header, except for labelled tsv after the first input (one
    /// table with a file column: its column names come once). Local and `--server` runs lay transcripts out alike.
    func opening(label: String?, writer: inout some TranscriptWriter, printedBefore: Bool) -> String {
        var text = ""
        if let label, format == .txt { text += "\(printedBefore ? "\n" : "")==> \(label) <==\n" }
        if !(label != nil && format == .tsv && printedBefore) { text += writer.header() }
        return text
    }

    /// What follows an input's segments: the writer's footer, and for json on stdout a line end (one document per
    /// line, json lines when there are several).
    func closing(_ transcript: Transcript, writer: inout some TranscriptWriter, target: Target) -> String {
        writer.footer(transcript) + (target == .standardOutput && format == .json ? "\n" : "")
    }
}
