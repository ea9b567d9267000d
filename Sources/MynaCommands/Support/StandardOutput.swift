import Foundation
import MynaKit

/// Results on stdout, with write errors reported instead of lost.
///
/// `write` first flushes what `print` left in C's stdout buffer (so lines from both keep their order), then writes the
/// bytes straight to descriptor 1: a segment or a sentence of audio shows up the moment it is ready, even in a pipe,
/// and a refusal (`> /dev/full`) is an error at once. `finish()`, called once when a command succeeds, flushes what
/// `print` buffered since and reports a failure the same way. A reader that closed the pipe ends the process by
/// SIGPIPE, quietly, as with other Unix tools (the default action, which Myna keeps).
enum StandardOutput {
    /// How stdout is named in messages.
    static let name = "standard output"

    static func write(_ text: String) throws {
        try write(Data(text.utf8))
    }

    static func write(_ data: Data) throws {
        // fflush(nil) flushes every output stream, stdout among them (Swift 6 cannot name C's `stdout` global).
        guard fflush(nil) == 0 else { throw failure(errno) }
        if let number = DescriptorWrite.all(data, to: STDOUT_FILENO) { throw failure(number) }
    }

    /// Flushes what `print` buffered without throwing, for live output that must not stop the work (dictation
    /// events); a failure is remembered and reported by `finish()` (glibc drops the bytes it could not write).
    static func flush() {
        if fflush(nil) != 0 { remember(errno) }
    }

    /// Flushes what `print` buffered; a failure now or remembered by `flush()` (a full disk, /dev/full) is an error.
    static func finish() throws {
        if fflush(nil) != 0 { remember(errno) }
        lock.lock()
        defer { lock.unlock() }
        if let failedErrno { throw failure(failedErrno) }
    }

    nonisolated(unsafe) private static var failedErrno: Int32?
    private static let lock = NSLock()

    private static func remember(_ number: Int32) {
        lock.lock()
        defer { lock.unlock() }
        if failedErrno == nil { failedErrno = number }
    }

    /// True when stdout is a terminal (binary audio must not go there).
    static var isTerminal: Bool { isatty(STDOUT_FILENO) == 1 }

    /// True when stdout can seek (a regular file), so a header written first can be completed at the end.
    static var isSeekable: Bool { lseek(STDOUT_FILENO, 0, SEEK_CUR) >= 0 }

    private static func failure(_ number: Int32) -> OutputFileError {
        OutputFileError(.writeFailed, location: name, message: "cannot write: \(String(cString: strerror(number)))")
    }
}
