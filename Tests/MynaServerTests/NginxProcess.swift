import Foundation
import Glibc
import MynaTestSupport

/// nginx on a free loopback port, running the shipped deploy/nginx/myna.conf with its upstream pointed at the given
/// replicas: the configuration users copy is the one tested. Everything (pid, logs, temp files) lives in a temporary
/// folder removed by `stop()`.
final class NginxProcess: @unchecked Sendable {
    static let executable = "/usr/sbin/nginx"
    let process = Process()
    let port: Int
    let folder: URL

    init(upstreamPorts: [Int]) throws {
        guard FileManager.default.isExecutableFile(atPath: Self.executable) else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSLocalizedDescriptionKey:
                "nginx is not installed (\(Self.executable)): scripts/setup.sh installs it"])
        }
        folder = try Fixtures.makeTemporaryDirectory()
        port = try LoopbackPort.free()
        let shipped = try String(contentsOf: Fixtures.repositoryRoot.appendingPathComponent("deploy/nginx/myna.conf"), encoding: .utf8)
        try Self.configuration(shipped, listen: port, upstreamPorts: upstreamPorts)
            .write(to: folder.appendingPathComponent("myna.conf"), atomically: true, encoding: .utf8)
        let path = folder.path
        let main = """
            daemon off;
            worker_processes 1;
            pid \(path)/nginx.pid;
            error_log \(path)/error.log info;
            \(geteuid() == 0 ? "user root;" : "")
            events { worker_connections 256; }
            http {
                access_log \(path)/access.log;
                client_body_temp_path \(path)/body;
                proxy_temp_path \(path)/proxy;
                fastcgi_temp_path \(path)/fastcgi;
                uwsgi_temp_path \(path)/uwsgi;
                scgi_temp_path \(path)/scgi;
                include \(path)/myna.conf;
            }
            """
        try main.write(to: folder.appendingPathComponent("nginx.conf"), atomically: true, encoding: .utf8)
        process.executableURL = URL(fileURLWithPath: Self.executable)
        process.arguments = ["-p", path, "-c", "\(path)/nginx.conf"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Ready when its port accepts a connection (nginx writes nothing when it starts).
        for _ in 0..<400 where process.isRunning {
            if LoopbackPort.accepts(port) { return }
            usleep(25_000)
        }
        let log = (try? String(contentsOf: folder.appendingPathComponent("error.log"), encoding: .utf8)) ?? ""
        stop()
        throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "nginx did not start: \(log)"])
    }

    /// The shipped file with its `listen` and upstream `server` lines replaced; throws when they are not there (the
    /// shipped file changed shape, and this test must follow).
    static func configuration(_ shipped: String, listen port: Int, upstreamPorts: [Int]) throws -> String {
        var lines: [String] = []
        var replacedServers = false, replacedListen = false
        for line in shipped.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("server 127.0.0.1:") {
                if !replacedServers {
                    let options = trimmed.split(separator: " ").dropFirst(2).joined(separator: " ")
                    lines += upstreamPorts.map { "    server 127.0.0.1:\($0) \(options)" }
                    replacedServers = true
                }
            } else if trimmed.hasPrefix("listen ") {
                lines.append("    listen 127.0.0.1:\(port);")
                replacedListen = true
            } else {
                lines.append(line)
            }
        }
        guard replacedServers, replacedListen else {
            throw CocoaError(.fileReadCorruptFile, userInfo: [NSLocalizedDescriptionKey:
                "deploy/nginx/myna.conf has no 'listen' or upstream 'server 127.0.0.1:…' lines"])
        }
        return lines.joined(separator: "\n")
    }

    var errorLog: String { (try? String(contentsOf: folder.appendingPathComponent("error.log"), encoding: .utf8)) ?? "" }
    var accessLog: String { (try? String(contentsOf: folder.appendingPathComponent("access.log"), encoding: .utf8)) ?? "" }

    /// Stops nginx (SIGTERM: fast shutdown), waits for it, and removes its folder.
    func stop() {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: folder)
    }

    deinit { if process.isRunning { process.terminate() } }
}
