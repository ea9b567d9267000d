import ArgumentParser
import Foundation
import MynaCore
import MynaTensor

/// Entry point of the `myna` executable: parses, runs, and turns every failure into one line on stderr and an exit code.
public enum MynaMain {
    public static func run(_ arguments: [String]? = nil) async {
        // A whole process (not a call with given arguments): make sure OpenBLAS runs kernels this CPU is built for.
        if arguments == nil { OpenBLASCore.restartWithPreferredCoreIfNeeded() }
        do {
            var command = try Myna.parseAsRoot(arguments)
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let error as ExitCode {
            exit(error.rawValue)
        } catch {
            if let line = MynaErrorLine.line(for: error) {
                FileHandle.standardError.write(Data("myna: error: \(line)\n".utf8))
                exit(MynaErrorLine.exitCode(for: error))
            }
            Myna.exit(withError: error)
        }
    }
}
