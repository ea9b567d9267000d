import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A PostgreSQL cluster of the test process's own: `initdb` in a temporary folder, the server listening on a unix
/// socket in that folder and on a free loopback port, stopped and removed when the process ends, on every path.
///
/// One cluster per test process (`shared`: the first test to ask starts it, in about two seconds), a fresh database
/// per test (`makeDatabase()`), so tests neither wait for a cluster each nor see each other's rows.
///
/// - The server binaries are Debian's (`postgresql-15`, which `scripts/setup.sh` installs): the newest
///   `/usr/lib/postgresql/*/bin`, or `$MYNA_POSTGRES_BIN`. Missing binaries are an error naming the package, so a
///   test that needs the cluster fails rather than skipping.
/// - `initdb` and `postgres` refuse to run as root (CI runs as root): then they run as the unprivileged `postgres`
///   user the Debian package creates (`runuser`), and the folder is handed to that user.
/// - Clean-up: an `atexit` handler stops the server (`pg_ctl -m immediate`) and removes the folder when the test
///   process exits; a detached watchdog process does the same if the test process dies without exiting (a crash, a
///   signal), so no server outlives the run.
/// - Logins: over the socket without a password (trust); over TCP with `password` (scram-sha-256), so tests can try a
///   wrong one.
///
/// Thread-safety: `Sendable`; `makeDatabase` may be called from any thread.
public final class ThrowawayPostgres: Sendable {
    public let folder: URL
    public let port: Int
    public let user = "myna"
    public let password = "myna-test-password"
    let binaries: URL
    let runAs: String?

    /// The cluster of this test process, started by the first caller.
    /// - Throws: `ThrowawayPostgresError` when PostgreSQL is not installed or does not start.
    public static func shared() throws -> ThrowawayPostgres { try sharedCluster.get() }

    private static let sharedCluster: Result<ThrowawayPostgres, Error> = Result {
        let cluster = try ThrowawayPostgres()
        sharedForExit = cluster
        atexit { ThrowawayPostgres.sharedForExit?.stop() }
        return cluster
    }
    nonisolated(unsafe) private static var sharedForExit: ThrowawayPostgres?

    /// A database of this cluster: URLs for the socket (no password) and for TCP on loopback (with the password).
    public struct Database: Sendable {
        public let name: String
        /// `postgres://myna@/NAME?host=FOLDER&port=PORT`.
        public let socketURL: String
        /// `postgres://myna:PASSWORD@127.0.0.1:PORT/NAME`.
        public let tcpURL: String
        /// `tcpURL` with another password.
        public func tcpURL(password: String) -> String { tcpURL.replacingOccurrences(of: ":myna-test-password@", with: ":\(password)@") }
    }

    init() throws {
        binaries = try Self.locateBinaries()
        let isRoot = getuid() == 0
        runAs = isRoot ? "postgres" : nil
        // A short path: a unix socket's path must fit in 107 bytes.
        folder = URL(fileURLWithPath: "/tmp/myna-pg-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        port = try LoopbackPort.free()
        do {
            if let runAs {
                guard let account = getpwnam(runAs) else {
                    throw ThrowawayPostgresError("""
                        running as root, and there is no '\(runAs)' user to run PostgreSQL as (initdb refuses root); \
                        install Debian's postgresql-15 (scripts/setup.sh), which creates it
                        """)
                }
                guard chown(folder.path, account.pointee.pw_uid, account.pointee.pw_gid) == 0 else {
                    throw ThrowawayPostgresError("chown \(folder.path) to \(runAs) failed (errno \(errno))")
                }
            }
            try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: folder.path)
            let passwordFile = folder.appendingPathComponent("password").path
            try run("/bin/sh", ["-c", "printf '%s\\n' '\(password)' > \(passwordFile)"])
            try run(binaries.appendingPathComponent("initdb").path, [
                "-D", dataFolder, "-U", user, "--pwfile=\(passwordFile)", "--auth-local=trust", "--auth-host=scram-sha-256",
                "-E", "UTF8", "--locale=C", "--no-sync",
            ])
            startWatchdog()
            // Durability is of no use to a throwaway cluster: no fsync, no full-page writes.
            try run(binaries.appendingPathComponent("pg_ctl").path, [
                "-D", dataFolder, "-l", folder.appendingPathComponent("server.log").path, "-w", "-t", "60",
                "-o", "-k \(folder.path) -p \(port) -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c synchronous_commit=off -c max_connections=60",
                "start",
            ])
        } catch {
            stop()
            throw error
        }
    }

    var dataFolder: String { folder.appendingPathComponent("data").path }

    private static let counter = Mutex(0)

    /// A new, empty database (`CREATE DATABASE`).
    public func makeDatabase() throws -> Database {
        let number = Self.counter.withLock { value -> Int in value += 1; return value }
        let name = "test_\(getpid())_\(number)"
        try psql("CREATE DATABASE \(name)", database: "postgres")
        return Database(name: name, socketURL: "postgres://\(user)@/\(name)?host=\(folder.path)&port=\(port)",
                        tcpURL: "postgres://\(user):\(password)@127.0.0.1:\(port)/\(name)")
    }

    /// Runs `sql` in `database` with psql over the socket and returns what it prints (unaligned, tuples only).
    @discardableResult
    public func psql(_ sql: String, database: String) throws -> String {
        let result = try Self.spawn([binaries.appendingPathComponent("psql").path,
            "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", folder.path, "-p", "\(port)", "-U", user, "-d", database,
            "-c", sql,
        ])
        guard result.status == 0 else {
            throw ThrowawayPostgresError("psql \(sql) failed (\(result.status)): \(result.output)")
        }
        return result.output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Stops the server at once and removes the folder (the `atexit` handler; idempotent).
    func stop() {
        if FileManager.default.fileExists(atPath: dataFolder + "/postmaster.pid") {
            _ = try? run(binaries.appendingPathComponent("pg_ctl").path, ["-D", dataFolder, "-m", "immediate", "-w", "stop"])
        }
        try? FileManager.default.removeItem(at: folder)
    }

    /// A detached shell that waits for this process to end, then stops the server and removes the folder: the
    /// clean-up for the paths `atexit` does not see.
    private func startWatchdog() {
        let stopCommand = command(binaries.appendingPathComponent("pg_ctl").path, ["-D", dataFolder, "-m", "immediate", "stop"])
            .map { "'\($0)'" }.joined(separator: " ")
        let script = """
            while kill -0 \(getpid()) 2>/dev/null; do sleep 1; done
            [ -f '\(dataFolder)/postmaster.pid' ] && \(stopCommand)
            rm -rf '\(folder.path)'
            """
        // `setsid -f` forks the shell into a session of its own and returns at once; the shell outlives this process.
        _ = try? Self.spawn(["/usr/bin/setsid", "-f", "/bin/sh", "-c", script])
    }

    /// `executable arguments…`, prefixed with `runuser -u postgres --` when running as root.
    private func command(_ executable: String, _ arguments: [String]) -> [String] {
        guard let runAs else { return [executable] + arguments }
        return ["/usr/sbin/runuser", "-u", runAs, "--", executable] + arguments
    }

    private func run(_ executable: String, _ arguments: [String]) throws {
        let result = try Self.spawn(command(executable, arguments))
        guard result.status == 0 else {
            let log = (try? String(contentsOf: folder.appendingPathComponent("server.log"), encoding: .utf8)) ?? ""
            throw ThrowawayPostgresError("""
                \(URL(fileURLWithPath: executable).lastPathComponent) failed (exit \(result.status)): \(result.output) \
                \(log.suffix(2000))
                """)
        }
    }

    /// Runs `argv` (an absolute path first) with stdin from /dev/null and stdout and stderr into a temporary file,
    /// waits for it with `waitpid`, and returns its exit status and what it printed.
    ///
    /// Not Foundation's `Process`, nor pipes: `pg_ctl start` leaves the server running, a grandchild that must hold
    /// no pipe of ours open (a reader would wait for its end forever), and Foundation's `waitUntilExit` was seen
    /// here never to return for a `runuser` that had exited (its SIGCHLD-driven reaping missed it).
    static func spawn(_ argv: [String]) throws -> (status: Int32, output: String) {
        let outputPath = "/tmp/myna-pg-output-\(UUID().uuidString)"
        defer { unlink(outputPath) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO)
        // Nothing else of this process (sockets, pipes of other tests' children) leaks into the server.
        // (glibc ≥ 2.34 has posix_spawn_file_actions_addclosefrom_np, which Swift's Glibc module does not import.)
        typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
        if let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") {
            _ = unsafeBitCast(symbol, to: CloseFrom.self)(&actions, 3)
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
        let environment = ["PATH=/usr/bin:/bin:/usr/sbin:/sbin", "LC_ALL=C"]
        var pid = pid_t()
        let cArguments = argv.map { strdup($0) } + [nil]
        let cEnvironment = environment.map { strdup($0) } + [nil]
        defer { (cArguments + cEnvironment).forEach { free($0) } }
        let spawned = posix_spawn(&pid, argv[0], &actions, &attributes, cArguments, cEnvironment)
        guard spawned == 0 else { throw ThrowawayPostgresError("cannot start \(argv[0]) (errno \(spawned))") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 {
            guard errno == EINTR else { throw ThrowawayPostgresError("waitpid for \(argv[0]) failed (errno \(errno))") }
        }
        let output = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        // WIFEXITED / WEXITSTATUS, which Swift does not import.
        let exitStatus: Int32 = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return (exitStatus, output)
    }

    static func locateBinaries() throws -> URL {
        if let explicit = ProcessInfo.processInfo.environment["MYNA_POSTGRES_BIN"] { return URL(fileURLWithPath: explicit) }
        let root = "/usr/lib/postgresql"
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? [])
            .compactMap(Int.init).sorted(by: >)
        for version in versions {
            let bin = URL(fileURLWithPath: "\(root)/\(version)/bin")
            if FileManager.default.isExecutableFile(atPath: bin.appendingPathComponent("initdb").path) { return bin }
        }
        throw ThrowawayPostgresError("""
            PostgreSQL's server programs (initdb, pg_ctl, postgres under /usr/lib/postgresql/VERSION/bin) are not \
            installed, so the PostgreSQL registry cannot be tested: run scripts/setup.sh (it installs Debian's \
            postgresql-15), or point $MYNA_POSTGRES_BIN at a bin folder that has them
            """)
    }
}

/// The throwaway cluster could not be made; the message says what to install or what failed.
public struct ThrowawayPostgresError: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
