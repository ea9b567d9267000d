import ArgumentParser
import Foundation
import MynaKit
import Synchronization

/// Entry point of the `myna` executable: parses, runs, and turns every failure into one line on stderr and an exit code.
///
/// The contract (README "Exit codes"): usage and validation errors exit 2 like Myna's other bad-input errors (not
/// argument-parser's 64), `--help` and `--version` exit 0, and a command given `--json` reports its error as one JSON
/// object on stderr instead of the `myna: error:` line.
public enum MynaMain {
    /// Subcommands that live outside MynaCommands (`serve`, in MynaServer), registered by the executable before
    /// parsing, so that this target imports no server code.
    public static var registeredSubcommands: [any ParsableCommand.Type] { registered.withLock { $0 } }
    private static let registered = Mutex<[any ParsableCommand.Type]>([])

    /// Runs `myna` with `subcommands` added after the built-in ones.
    public static func run(_ arguments: [String]? = nil, adding subcommands: [any ParsableCommand.Type]) async {
        registered.withLock { $0 = subcommands }
        await run(arguments)
    }

    public static func run(_ arguments: [String]? = nil) async {
        // A whole process (not a call with given arguments): make sure OpenBLAS runs kernels this CPU is built for.
        if arguments == nil { MynaRuntime.prepareProcess() }
        var json = JSONErrorRequest.isRequested(in: arguments ?? Array(CommandLine.arguments.dropFirst()))
        do {
            var command = try Myna.parseAsRoot(arguments)
            if let reporting = command as? JSONErrorReporting { json = reporting.reportsErrorsAsJSON }
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            // What `print` left buffered reaches stdout here; a full disk or /dev/full is an error, not exit 0.
            try StandardOutput.finish()
        } catch let error as ExitCode {
            if error.rawValue == 0 {
                do { try StandardOutput.finish() } catch { exit(ErrorReport.write(error, json: json)) }
            }
            exit(error.rawValue)
        } catch {
            if MynaErrorLine.line(for: error) != nil {
                exit(ErrorReport.write(error, json: json))
            }
            let parserCode = Myna.exitCode(for: error)
            // Help and version requests are not errors: argument-parser prints them and exits 0.
            if parserCode == .success { Myna.exit(withError: error) }
            if isParserError(error) {
                let message = Myna.message(for: error)
                ErrorReport.write(message: message, code: MynaErrorLine.badInput, json: json,
                                  details: usageHint(for: error, message: message))
                exit(MynaErrorLine.badInput)
            }
            exit(ErrorReport.write(error, json: json))
        }
    }

    /// Whether argument-parser produced `error` (a parse or validation failure) rather than a command's own run.
    private static func isParserError(_ error: Error) -> Bool {
        if error is ValidationError { return true }
        // argument-parser's own parse errors are internal types; their exit code is EX_USAGE.
        return Myna.exitCode(for: error) == .validationFailure
    }

    /// argument-parser's usage lines that follow its `Error: …` line, to print after Myna's own first line.
    private static func usageHint(for error: Error, message: String) -> String {
        let full = Myna.fullMessage(for: error)
        let prefix = "Error: \(message)"
        guard full.hasPrefix(prefix) else { return "" }
        let rest = full.dropFirst(prefix.count).drop(while: { $0 == "\n" })
        return rest.isEmpty ? "" : String(rest) + (rest.hasSuffix("\n") ? "" : "\n")
    }
}
