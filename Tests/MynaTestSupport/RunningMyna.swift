import Foundation

/// A `myna` process started in the background, for tests that interrupt it or point its stdout somewhere special.
///
/// Started with `posix_spawn` and every signal at its default action: Foundation's `Process` passes on the test
/// runner's ignored signals (a runner started in the background ignores SIGINT; one that ignores SIGPIPE would hide
/// what a closed pipe does), which would make these tests depend on how the suite was launched.
public final class RunningMyna: @unchecked Sendable {
    /// Where the child's stdout goes.
    public enum Output {
        /// A pipe the test reads (`finish()` returns what arrived).
        case pipe
        /// A file opened for writing, such as /dev/full.
        case file(String)
        /// A pipe whose reading end is closed before the child starts: every write gets SIGPIPE or EPIPE.
        case closedPipe
    }

    public let processIdentifier: pid_t
    private var status: Int32?
    private var standardErrorData = Data()
    private var standardOutputData = Data()
    private let readers = DispatchGroup()

    /// Starts `myna arguments…` with stdin from /dev/null.
    public init(_ arguments: [String], output: Output = .pipe, environment: [String: String] = [:]) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0)

        var errorPipe: [Int32] = [0, 0]
        guard pipe(&errorPipe) == 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
        posix_spawn_file_actions_adddup2(&actions, errorPipe[1], STDERR_FILENO)
        var outputPipe: [Int32]?
        switch output {
        case .pipe, .closedPipe:
            var fds: [Int32] = [0, 0]
            guard pipe(&fds) == 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
            posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO)
            if case .closedPipe = output { close(fds[0]); fds[0] = -1 }
            outputPipe = fds
        case .file(let path):
            posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, path, O_WRONLY, 0)
        }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var all = sigset_t(), none = sigset_t()
        sigfillset(&all)
        sigemptyset(&none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        let executable = MynaExecutable.url.path
        let environmentLines = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
            .map { "\($0.key)=\($0.value)" }
        var pid = pid_t()
        let result = Self.withCStrings([executable] + arguments) { argv in
            Self.withCStrings(environmentLines) { envp in
                posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
            }
        }
        close(errorPipe[1])
        if let outputPipe { close(outputPipe[1]) }
        guard result == 0 else {
            close(errorPipe[0])
            if let outputPipe, outputPipe[0] >= 0 { close(outputPipe[0]) }
            throw POSIXError(.init(rawValue: result) ?? .EIO)
        }
        processIdentifier = pid
        read(errorPipe[0]) { [self] in standardErrorData = $0 }
        if let outputPipe, outputPipe[0] >= 0 { read(outputPipe[0]) { [self] in standardOutputData = $0 } }
    }

    /// Sends `signal` to the child.
    public func send(_ signal: Int32) {
        kill(processIdentifier, signal)
    }

    /// Whether the child is still running (reaps it when it has ended).
    public var isRunning: Bool {
        if status != nil { return false }
        var value: Int32 = 0
        if waitpid(processIdentifier, &value, WNOHANG) == processIdentifier { status = value }
        return status == nil
    }

    /// Waits until the child has ended, at most `seconds` (then kills it and returns nil). `signal` is the signal
    /// that ended it, if one did.
    public func finish(timeoutSeconds seconds: Double = 300) -> (result: CommandResult, signal: Int32?)? {
        let deadline = Date().addingTimeInterval(seconds)
        while isRunning && Date() < deadline { usleep(20_000) }
        if isRunning {
            kill(processIdentifier, SIGKILL)
            while isRunning { usleep(20_000) }
            readers.wait()
            return nil
        }
        readers.wait()
        let value = status ?? 0
        let signal = value & 0x7F != 0 ? value & 0x7F : nil
        let result = CommandResult(exitCode: signal == nil ? (value >> 8) & 0xFF : signal!,
                                   standardOutput: String(decoding: standardOutputData, as: UTF8.self),
                                   standardError: String(decoding: standardErrorData, as: UTF8.self),
                                   standardOutputData: standardOutputData)
        return (result, signal)
    }

    /// Polls until `condition` holds or the child ends or `seconds` pass; true when the condition held.
    public func wait(until condition: () -> Bool, timeoutSeconds seconds: Double = 300) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            if !isRunning { return condition() }
            usleep(20_000)
        }
        return false
    }

    private func read(_ descriptor: Int32, into store: @escaping @Sendable (Data) -> Void) {
        readers.enter()
        DispatchQueue.global().async { [readers] in
            let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
            store(handle.readDataToEndOfFile())
            readers.leave()
        }
    }

    private static func withCStrings<R>(_ strings: [String], _ body: ([UnsafeMutablePointer<CChar>?]) -> R) -> R {
        let pointers = strings.map { strdup($0) } + [nil]
        defer { pointers.forEach { free($0) } }
        return body(pointers)
    }
}
