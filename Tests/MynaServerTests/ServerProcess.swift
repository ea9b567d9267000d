import Foundation
import Glibc
import MynaTestSupport

/// A `myna serve` process on a free loopback port (`--port 0`; the port is read from its "listening on" line).
final class ServerProcess: @unchecked Sendable {
    let process = Process()
    let port: Int
    private let errorPipe = Pipe()
    private let lock = NSLock()
    private var errorText = ""

    /// A folder of this server's own, for its speaker database (never the user's default one).
    let folder: URL

    /// Starts `myna serve --port PORT --db FOLDER/speakers.sqlite extra…` (or `--registry REGISTRY`, a PostgreSQL
    /// URL, instead of `--db`) and waits for its "listening on" line; port 0 (the default) takes a free one.
    init(_ extra: [String], port: Int = 0, registry: String? = nil, environment: [String: String] = [:]) throws {
        folder = try Fixtures.makeTemporaryDirectory()
        process.executableURL = MynaExecutable.url
        let speakers = registry.map { ["--registry", $0] } ?? ["--db", folder.appendingPathComponent("speakers.sqlite").path]
        process.arguments = ["serve", "--port", String(port), "--models-dir", Fixtures.models.path] + speakers + extra
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardError = errorPipe
        process.standardOutput = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let handle = errorPipe.fileHandleForReading
        var found: Int?
        var text = ""
        // Reads until the line arrives or the process ends (no time limit: the suite's own limit guards a hang).
        while found == nil {
            let data = handle.availableData
            if data.isEmpty { break }
            text += String(decoding: data, as: UTF8.self)
            if let range = text.range(of: #"listening on http://127\.0\.0\.1:(\d+)"#, options: .regularExpression) {
                found = Int(text[range].split(separator: ":").last!)
            }
        }
        guard let found else {
            throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "myna serve did not start: \(text)"])
        }
        self.port = found
        errorText = text
        // Keep draining stderr (the request log) so the server never blocks on a full pipe.
        handle.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            guard !data.isEmpty, let self else { handle.readabilityHandler = nil; return }
            self.lock.withLock { self.errorText += String(decoding: data, as: UTF8.self) }
        }
    }

    var standardError: String { lock.withLock { errorText } }

    /// Kills the server at once (SIGKILL: requests in flight are cut, as when a machine dies).
    func kill() {
        if process.isRunning { Glibc.kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        errorPipe.fileHandleForReading.readabilityHandler = nil
    }

    /// Sends SIGTERM and waits for the exit status.
    func stop() -> Int32 {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        errorPipe.fileHandleForReading.readabilityHandler = nil
        return process.terminationStatus
    }

    deinit {
        if process.isRunning { process.terminate() }
        try? FileManager.default.removeItem(at: folder)
    }
}

/// The git-ignored venv of scripts/e2e with the pinned `openai` client, created (or updated when
/// scripts/e2e/requirements.txt changes) by the first test that needs it, as bench/run does for bench/.venv.
enum OpenAIClientVenv {
    static let folder = Fixtures.repositoryRoot.appendingPathComponent("scripts/e2e")
    static let venv = folder.appendingPathComponent(".venv")
    static var python: URL { venv.appendingPathComponent("bin/python") }

    static func prepare() throws {
        let requirements = try Data(contentsOf: folder.appendingPathComponent("requirements.txt"))
        let stamp = venv.appendingPathComponent("myna-requirements.txt")
        if FileManager.default.isExecutableFile(atPath: python.path), (try? Data(contentsOf: stamp)) == requirements { return }
        let environment = ProcessInfo.processInfo.environment
        if !FileManager.default.isExecutableFile(atPath: python.path) {
            let created = try ChildProcess.run(URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-m", "venv", venv.path],
                                               environment: environment)
            guard created.exitCode == 0 else { throw failure("python3 -m venv", created) }
        }
        let installed = try ChildProcess.run(python, ["-m", "pip", "install", "--quiet", "-r",
                                                      folder.appendingPathComponent("requirements.txt").path],
                                             environment: environment)
        guard installed.exitCode == 0 else { throw failure("pip install -r scripts/e2e/requirements.txt", installed) }
        try requirements.write(to: stamp)
    }

    private static func failure(_ what: String, _ result: CommandResult) -> Error {
        CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: "\(what) failed: \(result.standardError)"])
    }
}
