import ArgumentParser
import Foundation
import MynaKit
#if canImport(Glibc)
import Glibc
#endif

/// `myna models`: which models are installed where, how big they are, and whether every file still matches the
/// SHA-256 recorded when it was installed.
struct Models: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "models",
        abstract: "List installed and missing models and verify their SHA-256 checksums.",
        discussion: """
        Reads manifest.json in the models directory (written by scripts/setup.sh), re-hashes every installed \
        file with SHA-256 and compares size and digest with the manifest. Also lists the models Myna knows that \
        are not installed. Exits non-zero when any installed file is missing or does not match.

        The models directory is \(ModelsDirectory.searchOrderSummary). The first line of the report says which \
        one was used.

        Examples:
          myna models
          myna models --json
          myna models --models-dir ~/myna-models
        """)

    @Option(name: .customLong("models-dir"), help: ArgumentHelp("Directory holding manifest.json and one folder per model.",
                                                                 valueName: "path"))
    var modelsDirectory: String?

    @Flag(name: .customLong("json"), help: "Print the report as JSON on stdout.")
    var json = false

    func run() throws {
        let directory = ModelsDirectory.locate(explicitPath: modelsDirectory)
        let meter = ProgressLine()
        let report = try ModelCatalog.check(directory, progress: meter.update)
        meter.finish()

        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else {
            print(report.table, terminator: "")
        }

        let damaged = report.damagedModels
        guard damaged.isEmpty else {
            let files = damaged.flatMap { model in
                model.files.filter { $0.state != .ok }.map { "\(model.name)/\($0.name) (\($0.state.label))" }
            }
            throw CommandFailure(description: """
                \(report.directory): \(files.count) installed model file\(files.count == 1 ? " does" : "s do") not \
                match \(ModelManifest.fileName): \(files.joined(separator: ", ")); \
                reinstall with scripts/fetch_models.py --verify
                """)
        }
    }
}

extension Models {
    /// A one-line progress meter on stderr for long hashing: shown only when stderr is a terminal and the work has
    /// already taken half a second (a release build hashes the standard models in about a second).
    final class ProgressLine {
        private static let delay: Duration = .milliseconds(500)
        private let enabled = isatty(STDERR_FILENO) == 1
        private let clock = ContinuousClock()
        private let start: ContinuousClock.Instant
        private var lastPercent = -1
        private var shown = false

        init() {
            start = clock.now
        }

        func update(_ progress: ModelCatalog.Progress) {
            guard enabled, clock.now - start >= Self.delay else { return }
            let percent = Int(progress.hashedByteCount * 100 / max(progress.totalByteCount, 1))
            guard percent != lastPercent else { return }
            lastPercent = percent
            shown = true
            FileHandle.standardError.write(Data("\r\u{1B}[Kverifying \(progress.file) \(percent)%".utf8))
        }

        func finish() {
            if shown { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        }
    }
}
