import ArgumentParser
import Foundation
import MynaKit

/// `myna transcribe --server URL`: the files are transcribed by a Myna server (or by nginx in front of several,
/// deploy/), `--parallel` at a time, and written exactly as a local run writes them: the server answers with the
/// whole transcript (`response_format=myna_json`) and the local writers lay it out. A failed request is sent again
/// (connection refused or reset, 429 with its Retry-After, 500, 502, 503, 504) with backoff; at the end every input
/// has its output or one error line, and the exit status is the first error's.
extension Transcribe {
    /// Options that only a local run has: the server decides them.
    var localOnlyOptionsGiven: [String] {
        var given: [String] = []
        let defaults = WhisperDecodingOptions.default
        if beamSize != defaults.beamSize { given.append("--beam-size") }
        if patience != defaults.patience { given.append("--patience") }
        if bestOf != defaults.bestOf { given.append("--best-of") }
        if noConditionOnPreviousText { given.append("--no-condition-on-previous-text") }
        if noVAD { given.append("--no-vad") }
        if vadModel != SileroModelLocation.defaultName { given.append("--vad-model") }
        if threads != nil { given.append("--threads") }
        if modelsDirectory != nil { given.append("--models-dir") }
        if speakers { given.append("--speakers") }
        return given
    }

    func validateServerOptions() throws {
        guard server != nil else {
            for (name, given) in [("--parallel", parallel != nil), ("--api-key", apiKey != nil), ("--retries", retries != nil)]
            where given {
                throw ValidationError("\(name) needs --server.")
            }
            return
        }
        if let first = localOnlyOptionsGiven.first {
            throw ValidationError("\(first) is the server's setting; it cannot be given with --server.")
        }
        if let parallel { try OptionBounds.require("--parallel", parallel, in: 1...64) }
        if let retries { try OptionBounds.require("--retries", retries, in: 0...100) }
    }

    func runOnServer(_ server: String) async throws {
        let plan = try outputPlan()
        let parallel = parallel ?? Self.defaultParallel
        var retryPolicy = RemoteRetryPolicy.default
        if let retries { retryPolicy.maxAttempts = retries + 1 }
        let client = try MynaServerClient(server: server, apiKey: apiKey ?? ProcessInfo.processInfo.environment["MYNA_API_KEY"],
                                          retryPolicy: retryPolicy, transport: HTTPClientTransport(connections: parallel))
        let request = RemoteTranscriptionRequest(model: model, language: WhisperLanguage.code(fromArgument: language),
                                                 task: task.value, prompt: initialPrompt, wordTimestamps: wordTimestamps)
        let paths = try StandardInput.resolve(files)
        try plan.prepareDestinations()
        if let firstError = try await transcribeAll(paths, plan: plan, client: client, request: request, parallel: parallel) {
            throw ExitCode(MynaErrorLine.exitCode(for: firstError))
        }
    }

    static let defaultParallel = 4

    /// Sends the inputs `parallel` at a time (each read when its turn comes, so memory holds `parallel` files), and
    /// writes each transcript as it arrives (stdout in input order).
    /// - Returns: the first error, for the exit code.
    private func transcribeAll(_ paths: [String], plan: TranscriptOutputPlan, client: MynaServerClient,
                               request: RemoteTranscriptionRequest, parallel: Int) async throws -> Error? {
        let names = files.map(TranscriptOutputPlan.displayName(of:))
        var results: [Int: Result<Transcript, Error>] = [:]
        var nextToPrint = 0
        var printedAny = false
        var firstError: Error?
        var finished = 0
        let reportsProgress = !quiet && isatty(STDERR_FILENO) == 1
        // The outcome of input `index`: written or reported, in input order on stdout, at once for files.
        func settle(_ index: Int, _ result: Result<Transcript, Error>) throws {
            finished += 1
            if reportsProgress { FileHandle.standardError.write(Data("myna: [\(finished)/\(paths.count)] \(names[index])\n".utf8)) }
            if case .file = plan.targets[index] {
                try write(result, index: index, name: names[index], plan: plan, printedBefore: &printedAny, firstError: &firstError)
                return
            }
            results[index] = result
            while let ready = results.removeValue(forKey: nextToPrint) {
                if case .standardOutput = plan.targets[nextToPrint] {
                    try write(ready, index: nextToPrint, name: names[nextToPrint], plan: plan, printedBefore: &printedAny,
                              firstError: &firstError)
                }
                nextToPrint += 1
                while nextToPrint < paths.count, case .file = plan.targets[nextToPrint] { nextToPrint += 1 }
            }
        }
        while nextToPrint < paths.count, case .file = plan.targets[nextToPrint] { nextToPrint += 1 }
        try await withThrowingTaskGroup(of: (Int, Result<Transcript, Error>).self) { group in
            var started = 0
            func startNext() {
                guard started < paths.count else { return }
                let index = started, path = paths[index], name = names[index]
                started += 1
                group.addTask {
                    do {
                        let transcript = try await client.transcribe(file: path, name: name, request: request) { retry in
                            FileHandle.standardError.write(Data("""
                                myna: warning: \(name): \(retry.reason); sending again in \
                                \(String(format: "%.1f", retry.delaySeconds)) s (attempt \(retry.attempt + 1) of \(retry.maxAttempts))\n
                                """.utf8))
                        }
                        return (index, .success(transcript))
                    } catch {
                        return (index, .failure(error))
                    }
                }
            }
            for _ in 0..<parallel { startNext() }
            while let (index, result) = try await group.next() {
                try settle(index, result)
                startNext()
            }
        }
        return firstError
    }

    /// Writes one input's transcript to its target, or reports its error naming the input.
    private func write(_ result: Result<Transcript, Error>, index: Int, name: String, plan: TranscriptOutputPlan,
                       printedBefore: inout Bool, firstError: inout Error?) throws {
        let transcript: Transcript
        switch result {
        case .success(let value): transcript = value
        case .failure(let error):
            firstError = firstError ?? error
            ErrorReport.write(error, file: name, json: reportsErrorsAsJSON)
            return
        }
        let label = plan.labelsStandardOutput ? name : nil
        var writer = plan.format.makeWriter(file: label, subtitles: subtitleLayout)
        var text = plan.opening(label: label, writer: &writer, printedBefore: printedBefore)
        for segment in transcript.segments { text += writer.segment(segment) }
        text += plan.closing(transcript, writer: &writer, target: plan.targets[index])
        switch plan.targets[index] {
        case .standardOutput:
            printedBefore = true
            try StandardOutput.write(text)
        case .file(let destination):
            try OutputFile.write(text, to: destination)
        }
    }
}
