import Foundation

/// A one-line progress bar on stderr, drawn only when stderr is a terminal (so logs and pipes stay clean).
final class ProgressLine {
    private let total: Double
    private let label: String
    private let enabled: Bool

    /// `total` in seconds of audio.
    init(total: Double, label: String) {
        self.total = max(total, 0.001)
        self.label = label
        self.enabled = isatty(STDERR_FILENO) == 1
    }

    func update(seconds: Double) {
        guard enabled else { return }
        let fraction = min(max(seconds / total, 0), 1)
        let width = 30
        let filled = Int((fraction * Double(width)).rounded())
        let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
        let line = String(format: "\r%@ %@ %3.0f%% %.1f/%.1f s", label, bar, fraction * 100, min(seconds, total), total)
        FileHandle.standardError.write(Data(line.utf8))
    }

    func finish() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8))
    }
}
