import Foundation
import MynaKit

/// `-` as an input file: the audio comes from stdin.
///
/// A pipe cannot seek, and the readers make several passes over a file (speech detection, then the log-mel maximum,
/// then the windows), so stdin is first copied into a temporary file that is unlinked as soon as it is created (nothing
/// is left behind, whatever happens) and the readers open it as `/proc/self/fd/N`. Memory stays bounded whatever the length;
/// the copy stops with a clear error past `limitBytes`.
enum StandardInput {
    /// The name users give for stdin, and the name messages use for it.
    static let dash = "-"
    static let displayName = "stdin"

    /// Default limit of audio read from stdin: 2 GiB, about 18 hours of 16 kHz 16-bit mono or 3 hours of CD audio.
    /// `MYNA_STDIN_LIMIT_BYTES` overrides it (tests use a small one).
    static var limitBytes: Int {
        ProcessInfo.processInfo.environment["MYNA_STDIN_LIMIT_BYTES"].flatMap(Int.init) ?? 2 << 30
    }

    nonisolated(unsafe) private static var spooledPath: String?
    private static let lock = NSLock()

    /// `paths` with `-` replaced by the path of stdin's copy.
    /// - Throws: `ConfigurationError` when `-` is given twice (stdin can be read once); the errors of `spool()`.
    static func resolve(_ paths: [String]) throws -> [String] {
        guard paths.filter({ $0 == dash }).count <= 1 else {
            throw ConfigurationError(field: "file", message: "'-' (stdin) can be given only once")
        }
        return try paths.map { $0 == dash ? try spool() : $0 }
    }

    /// `path`, or stdin's copy when it is `-`.
    static func resolve(_ path: String) throws -> String {
        path == dash ? try spool() : path
    }

    /// What to call `path` in messages: `stdin` for stdin's copy.
    static func displayName(for path: String) -> String {
        lock.lock()
        defer { lock.unlock() }
        return path == spooledPath ? displayName : path
    }

    /// Replaces stdin's copy's path with `stdin` in a message.
    static func describe(_ message: String) -> String {
        lock.lock()
        defer { lock.unlock() }
        guard let spooledPath else { return message }
        return message.replacingOccurrences(of: spooledPath, with: displayName)
    }

    /// Copies stdin into an anonymous temporary file (once) and returns a path that opens it.
    /// - Throws: `AudioIOError` naming `stdin`: `.unreadable` when stdin is a terminal, empty, unreadable, or longer
    ///   than `limitBytes`.
    static func spool() throws -> String {
        lock.lock()
        defer { lock.unlock() }
        if let spooledPath { return spooledPath }
        guard isatty(STDIN_FILENO) == 0 else {
            throw AudioIOError(.unreadable, location: displayName,
                               message: "'-' reads audio from stdin, but stdin is a terminal; pipe or redirect a file into it")
        }
        let folder = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        var template = Array("\(folder)/myna-stdin-XXXXXX".utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        if descriptor >= 0 { template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) } }
        guard descriptor >= 0 else {
            throw AudioIOError(.unreadable, location: displayName,
                               message: "cannot make a temporary copy in \(folder): \(String(cString: strerror(errno)))")
        }
        let limit = limitBytes
        var total = 0
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(STDIN_FILENO, $0.baseAddress, $0.count) }
            if count == 0 { break }
            if count < 0 {
                if errno == EINTR { continue }
                let reason = String(cString: strerror(errno))
                close(descriptor)
                throw AudioIOError(.unreadable, location: displayName, message: "cannot read: \(reason)")
            }
            total += count
            guard total <= limit else {
                close(descriptor)
                throw AudioIOError(.unreadable, location: displayName, message: """
                    more than \(limit) bytes of audio on stdin (the limit for '-'); save it to a file and give its path
                    """)
            }
            if let number = buffer.withUnsafeBytes({ DescriptorWrite.all(UnsafeRawBufferPointer(rebasing: $0[..<count]), to: descriptor) }) {
                close(descriptor)
                throw AudioIOError(.unreadable, location: displayName,
                                   message: "cannot keep a temporary copy: \(String(cString: strerror(number)))")
            }
        }
        guard total > 0 else {
            close(descriptor)
            throw AudioIOError(.unreadable, location: displayName, message: "no audio on stdin (it was empty)")
        }
        // The descriptor stays open for the life of the process; the file has no name, so it vanishes with it.
        let path = "/proc/self/fd/\(descriptor)"
        spooledPath = path
        return path
    }
}
