import Foundation

/// The utterance in progress on a terminal: committed words in normal type, the tentative tail dimmed, rewritten in
/// place with each partial (across wrapped rows); a final replaces it and moves to a new line.
final class LiveTextLine {
    private let output: FileHandle
    /// Terminal rows the current text occupies (0 when nothing is shown).
    private var rows = 0

    init(output: FileHandle = .standardOutput) {
        self.output = output
    }

    func show(committed: String, tentative: String) {
        write(erase() + committed + "\u{1B}[2m" + tentative + "\u{1B}[0m")
        rows = Self.rowCount(of: committed + tentative, columns: Self.terminalColumns())
    }

    func finish(_ text: String) {
        write(erase() + text + "\n")
        rows = 0
    }

    /// Clears what is shown: back to its first row, then erase to the end of the screen.
    private func erase() -> String {
        guard rows > 0 else { return "\r" }
        return (rows > 1 ? "\u{1B}[\(rows - 1)A" : "") + "\r\u{1B}[J"
    }

    private func write(_ text: String) {
        // A terminal that went away must not crash dictation (FileHandle.write traps on errors).
        try? output.write(contentsOf: Data(text.utf8))
    }

    static func rowCount(of text: String, columns: Int) -> Int {
        max(1, (text.count + columns - 1) / max(columns, 1))
    }

    static func terminalColumns() -> Int {
        var size = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        return 80
    }
}
