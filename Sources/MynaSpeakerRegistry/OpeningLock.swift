import Foundation
import MynaCore
#if canImport(Glibc)
import Glibc
#endif

/// An exclusive `flock` on the database file, held while a read-write opener creates the pool and migrates.
///
/// Why: two processes opening a brand-new file at the same moment race on switching it to WAL journal mode, and
/// SQLite reports that race as SQLITE_BUSY at once, without calling the busy handler. Serialising the openers of one
/// file makes the second find the file already in WAL mode with its schema complete. `flock` locks are independent of
/// the POSIX `fcntl` locks SQLite takes on the same file, so this never interferes with SQLite's own locking; each
/// `open` is its own lock owner, so threads of one process exclude each other too.
final class OpeningLock {
    private let descriptor: Int32

    /// Waits up to `timeout` seconds for the lock; nil when the file cannot be opened (SQLite then reports why).
    /// - Throws: `SpeakerRegistryError(.locked)` when another opener held it for longer than `timeout`.
    static func acquire(path: String, timeout: TimeInterval) throws -> OpeningLock? {
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { return nil }
        let deadline = Date().addingTimeInterval(timeout)
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR, Date() < deadline else {
                close(descriptor)
                throw SpeakerRegistryError(.locked, location: path, message: """
                    another process kept the speaker database busy while opening it for more than \(timeout) s
                    """)
            }
            usleep(10_000)
        }
        return OpeningLock(descriptor: descriptor)
    }

    private init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
