import Foundation

extension ModelFileStatus.State {
    /// The word `myna models` prints: damage in capitals so it stands out.
    public var label: String {
        switch self {
        case .ok: return "ok"
        case .mismatch: return "MISMATCH"
        case .missing: return "missing"
        case .unreadable: return "unreadable"
        }
    }
}

extension ModelStatus.State {
    /// The word `myna models` prints.
    public var label: String {
        switch self {
        case .ok: return "ok"
        case .mismatch: return "MISMATCH"
        case .missing: return "missing"
        case .notInstalled: return "not installed"
        }
    }
}

extension ModelReport {
    /// The report as an aligned text table (one row per model), then one line per damaged file, ending in a newline.
    public var table: String {
        var text = "Models directory: \(directory) (\(directorySource.rawValue))\n"
        if !hasManifest { text += "No \(ModelManifest.fileName) there: nothing is installed.\n" }
        text += "\n"
        let header = ["MODEL", "ROLE", "SIZE", "SHA-256", "PATH"]
        var rows: [[String]] = []
        for model in models {
            let installed = model.state != .notInstalled
            let source = model.packages.map(\.requirement).joined(separator: " + ")
            rows.append([model.name, model.role, installed ? Self.byteCount(model.size) : "-", model.state.label,
                         installed ? model.path : "(from \(source))"])
        }
        let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            var parts: [String] = []
            for (column, cell) in cells.enumerated() {
                let padding = String(repeating: " ", count: widths[column] - cell.count)
                // Sizes right-aligned; the last column is not padded.
                parts.append(column == 2 ? padding + cell : column == cells.count - 1 ? cell : cell + padding)
            }
            return parts.joined(separator: "  ") + "\n"
        }
        text += line(header)
        for row in rows { text += line(row) }

        let problems = models.flatMap { model in model.files.filter { $0.state != .ok }.map { (model.name, $0) } }
        if !problems.isEmpty {
            text += "\n"
            for (modelName, file) in problems {
                text += "\(modelName)/\(file.name): \(file.state.label)\(file.problem.map { ": \($0)" } ?? "")\n"
            }
        }
        if models.contains(where: { $0.state == .notInstalled }) {
            text += "\nInstall missing models with scripts/setup.sh (or make setup) in the Myna source tree.\n"
        }
        return text
    }

    /// Decimal units (as model cards and `ls --si` use), one decimal: `75.5 MB`.
    static func byteCount(_ bytes: Int64) -> String {
        let units = ["B", "kB", "MB", "GB", "TB"]
        var value = Double(bytes)
        var unit = 0
        while value >= 1000 && unit < units.count - 1 {
            value /= 1000
            unit += 1
        }
        return unit == 0 ? "\(bytes) B" : String(format: "%.1f %@", value, units[unit])
    }
}
