import Foundation

/// Removes the temporary files of unfinished `OutputFile`s when the process ends before they are committed: on
/// `exit()` and on SIGINT, SIGTERM, SIGHUP and SIGPIPE, whose default action would otherwise kill the process and
/// leave `.NAME.partial-…` files behind.
///
/// The signal handler may run at any moment on any thread, so it only reads a fixed table of C strings and calls
/// `unlink` (async-signal-safe), then restores the default action and raises the signal again: the process still
/// dies of it (exit status 128 + N in a shell; quietly for SIGPIPE, as other Unix tools do). Handlers are installed
/// only for signals whose action is still the default, so a command that handles Ctrl-C itself (`record`,
/// `dictate`) keeps doing so. Registered paths are copied once and never freed (a few bytes per output file), so
/// the handler can never read freed memory.
enum PartialFileCleanup {
    /// More unfinished files than this at once are still removed on every other path, just not by a signal.
    static let capacity = 256

    /// Slot i holds the temporary path of an unfinished file, or nil. Word-sized stores of pointers: the handler sees
    /// the old or the new value.
    nonisolated(unsafe) private static let slots: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?> = {
        let table = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: capacity)
        table.initialize(repeating: nil, count: capacity)
        return table
    }()
    private static let lock = NSLock()
    nonisolated(unsafe) private static var installed = false

    static let signals: [Int32] = [SIGINT, SIGTERM, SIGHUP, SIGPIPE]

    /// Records `path` for removal; returns its slot, or nil when the table is full.
    static func register(_ path: String) -> Int? {
        lock.lock()
        defer { lock.unlock() }
        installOnce()
        for slot in 0..<capacity where slots[slot] == nil {
            slots[slot] = strdup(path)
            return slot
        }
        return nil
    }

    /// The file at `slot` was committed or removed: forget it.
    static func unregister(_ slot: Int) {
        lock.lock()
        defer { lock.unlock() }
        // Not freed: a handler running on another thread may hold the pointer (see the type's comment).
        slots[slot] = nil
    }

    /// Unlinks every registered path. Async-signal-safe.
    static func removeAll() {
        for slot in 0..<capacity {
            if let path = slots[slot] { unlink(path) }
        }
    }

    private static func installOnce() {
        guard !installed else { return }
        installed = true
        _ = slots  // initialised here, never inside the handler
        atexit { PartialFileCleanup.removeAll() }
        for number in signals {
            var current = sigaction()
            guard sigaction(number, nil, &current) == 0, current.__sigaction_handler.sa_handler == nil else { continue }
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { number in
                PartialFileCleanup.removeAll()
                signal(number, SIG_DFL)
                raise(number)
            }
            sigemptyset(&action.sa_mask)
            action.sa_flags = 0
            sigaction(number, &action, nil)
        }
    }
}
