import Foundation

/// A one-line progress bar on stderr, drawn only when stderr is a terminal (so logs and pipes stay clean) and the
/// user did not ask for quiet (`--quiet`), whether the results go to stdout or to files.
final class ProgressLine {
    /// What `total` counts.
    enum Unit {
        /// Seconds of audio, shown with one decimal.
        case seconds
        /// Files (or recordings), shown as whole numbers.
        case files
    }

    private let total: Double
    private let label: String
    private let unit: Unit
    private let enabled: Bool

    /// `total` in seconds of audio, or in files with `unit: .files`; `quiet` draws nothing.
    init(total: Double, label: String, unit: Unit = .seconds, quiet: Bool = false) {
        self.total = max(total, 0.001)
        self.label = label
        self.unit = unit
        self.enabled = !quiet && isatty(STDERR_FILENO) == 1
    }

    func update(seconds: Double) {
        guard enabled else { return }
        let fraction = min(max(seconds / total, 0), 1)
        let width = 30
        let filled = Int((fraction * Double(width)).rounded())
        let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
        let amount = switch unit {
        case .seconds: String(format: "%.1f/%.1f s", min(seconds, total), total)
        case .files: String(format: "%.0f/%.0f", min(seconds, total), total)
        }
        let line = String(format: "\r%@ %@ %3.0f%% %@", label, bar, fraction * 100, amount)
        FileHandle.standardError.write(Data(line.utf8))
    }

    /// For work whose total is not known in advance (`say`'s sentences): the label and `text`, in place of a bar.
    func status(_ text: String) {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[2K\(label) \(text)".utf8))
    }

    /// Erases the bar (the next `update` draws it again), so a result printed to the same terminal starts on a clean line.
    func clear() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8))
    }

    func finish() {
        clear()
    }
}
