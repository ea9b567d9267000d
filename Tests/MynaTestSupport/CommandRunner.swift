import Foundation

/// Runs the built `myna` executable as a user would and captures what it prints.
public struct CommandResult: Sendable {
    public var exitCode: Int32
    public var standardOutput: String
    public var standardError: String
    /// stdout's bytes as they came (binary output such as `say -o -`).
    public var standardOutputData: Data

    public init(exitCode: Int32, standardOutput: String, standardError: String, standardOutputData: Data? = nil) {
        self.exitCode = exitCode
        self.standardOutput = standardOutput
        self.standardError = standardError
        self.standardOutputData = standardOutputData ?? Data(standardOutput.utf8)
    }
}

public enum MynaExecutable {
    /// The `myna` binary next to the test bundle (both are build products), or `MYNA_BIN`.
    public static var url: URL {
        if let path = ProcessInfo.processInfo.environment["MYNA_BIN"] { return URL(fileURLWithPath: path) }
        let products = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for candidate in [products, products.deletingLastPathComponent()] {
            let binary = candidate.appendingPathComponent("myna")
            if FileManager.default.isExecutableFile(atPath: binary.path) { return binary }
        }
        return Fixtures.repositoryRoot.appendingPathComponent(".build/debug/myna")
    }

    /// Runs `myna arguments…` with extra environment variables and optional standard input.
    public static func run(_ arguments: [String], environment: [String: String] = [:], input: Data? = nil,
                           currentDirectory: URL? = nil) throws -> CommandResult {
        try ChildProcess.run(url, arguments,
                             environment: ProcessInfo.processInfo.environment.merging(environment) { _, new in new },
                             input: input, currentDirectory: currentDirectory)
    }
}

/// Runs any program to its end and captures what it prints.
public enum ChildProcess {
    /// Runs `executable arguments…` with exactly `environment`, `input` on stdin (else an empty stdin).
    public static func run(_ executable: URL, _ arguments: [String], environment: [String: String], input: Data? = nil,
                           currentDirectory: URL? = nil) throws -> CommandResult {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = environment
        if let currentDirectory { process.currentDirectoryURL = currentDirectory }
        let out = Pipe(), err = Pipe(), inp = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = inp
        // A child that exits before reading all of `input` (a refused argument, a size limit) closes the pipe: the
        // write must fail with EPIPE here rather than kill the whole test process with SIGPIPE. (Children started
        // through Process inherit the ignored SIGPIPE; RunningMyna starts them with default signal actions.)
        signal(SIGPIPE, SIG_IGN)
        try process.run()
        if let input { try? inp.fileHandleForWriting.write(contentsOf: input) }
        try? inp.fileHandleForWriting.close()
        // Read both pipes concurrently so a chatty child cannot block on a full pipe. The second reader is a thread
        // of its own, not a Dispatch global queue: on Linux those are the cooperative pool's threads, and a read that
        // lasts as long as the child would hold one of them (two on a 2-core machine) from every async test.
        let errorRead = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var errData = Data()
        Thread { errData = err.fileHandleForReading.readDataToEndOfFile(); errorRead.signal() }.start()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        errorRead.wait()
        process.waitUntilExit()
        return CommandResult(exitCode: process.terminationStatus,
                             standardOutput: String(decoding: outData, as: UTF8.self),
                             standardError: String(decoding: errData, as: UTF8.self), standardOutputData: outData)
    }
}
