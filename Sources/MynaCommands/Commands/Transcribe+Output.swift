import Foundation
import MynaKit

/// How `myna transcribe` writes what it decodes: streamed to stdout (labelled when several files share it) or whole to
/// files at the end, with progress on stderr. Where each transcript goes is decided by `TranscriptOutputPlan`.
extension Transcribe {
    /// The plan for these arguments (format, one target per input); throws `ValidationError` on contradictions.
    func outputPlan() throws -> TranscriptOutputPlan {
        try TranscriptOutputPlan(inputs: files, output: output, outputDirectory: outputDirectory,
                                 requested: format?.value, json: json)
    }

    /// Transcribes each input to its target; a file that fails is reported (naming it) and the others go on.
    /// - Parameter paths: the inputs as readers open them (`-` replaced by stdin's copy), parallel to `files`.
    /// - Returns: the first error, for the exit code.
    func transcribeAll(_ paths: [String], plan: TranscriptOutputPlan, transcription: PreparedTranscription) throws -> Error? {
        var firstError: Error?
        var printedAny = false
        for (index, path) in paths.enumerated() {
            let name = TranscriptOutputPlan.displayName(of: files[index])
            do {
                try transcribe(path, name: name, to: plan.targets[index], plan: plan, printedBefore: &printedAny,
                               transcription: transcription)
            } catch let error as OutputFileError where error.location == StandardOutput.name {
                throw error  // stdout is full or gone: every further file would fail the same way
            } catch {
                firstError = firstError ?? error
                ErrorReport.write(error, file: name, json: reportsErrorsAsJSON)
            }
        }
        return firstError
    }

    private func transcribe(_ path: String, name: String, to target: TranscriptOutputPlan.Target,
                            plan: TranscriptOutputPlan, printedBefore: inout Bool, transcription: PreparedTranscription) throws {
        let label = plan.labelsStandardOutput ? name : nil
        var writer = plan.format.makeWriter(file: label, subtitles: subtitleLayout)
        var progress: ProgressLine?

        // Stream to stdout as segments become final; files are written whole at the end (nothing partial on failure).
        let toStandardOutput = target == .standardOutput
        // The bar and the text share one terminal: erase the bar before each piece of text (the next update redraws it).
        let sharesTerminal = toStandardOutput && StandardOutput.isTerminal
        var pending = ""
        func emit(_ text: String) throws {
            guard !text.isEmpty else { return }
            if toStandardOutput {
                if sharesTerminal { progress?.clear() }
                try StandardOutput.write(text)
            } else {
                pending += text
            }
        }
        try emit(plan.opening(label: label, writer: &writer, printedBefore: printedBefore))
        if toStandardOutput { printedBefore = true }
        // The engine streams over the file (speech, then the log-mel maximum, then the windows): memory stays bounded
        // whatever its length.
        let transcript = try transcription.run(.file(path: path)) { event in
            switch event {
            case .progress(let seconds, let duration):
                if progress == nil {
                    progress = ProgressLine(total: duration, label: URL(fileURLWithPath: name).lastPathComponent, quiet: quiet)
                }
                progress?.update(seconds: seconds)
            case .segment(let segment): try emit(writer.segment(segment))
            case .warning, .completed: break
            }
        }.transcript
        progress?.finish()
        try emit(plan.closing(transcript, writer: &writer, target: target))
        if case .file(let destination) = target { try OutputFile.write(pending, to: destination) }
    }
}
