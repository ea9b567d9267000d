import MynaCore
import MynaTensor

/// Strict loading: a model's `WeightManifest` against a `WeightArchive`.
///
/// Every declared tensor must exist (directly or through a rule) with exactly the declared shape, and every stored
/// tensor must be used by some declaration or rule, or be ignored by the map. Anything else throws one
/// `WeightLoadingError` naming the key and both shapes — the first problem, plus how many more there are — before
/// any values are converted (after `ml-explore/mlx-swift`'s `Module.update(verify:)`).
public enum WeightLoader {
    /// Checks `manifest` against `archive`, then reads and converts the declared tensors.
    public static func load(_ manifest: WeightManifest, from archive: some WeightArchive) throws -> LoadedWeights {
        let plan = try check(manifest, against: archive)
        var tensors: [String: Tensor] = [:]
        for requirement in manifest.requirements {
            tensors[requirement.name] = try materialize(requirement.name, plan[requirement.name], from: archive)
        }
        return LoadedWeights(location: archive.location, tensors: tensors)
    }

    /// All problems of `manifest` against `archive` without reading values; empty when loading would succeed.
    public static func problems(_ manifest: WeightManifest, against archive: some WeightArchive) -> [WeightLoadingError] {
        var problems: [WeightLoadingError] = []
        _ = plan(manifest, archive, problems: &problems)
        return problems
    }

    // MARK: - Checking

    private static func check(_ manifest: WeightManifest, against archive: some WeightArchive) throws -> [String: WeightRule] {
        var problems: [WeightLoadingError] = []
        let rules = plan(manifest, archive, problems: &problems)
        guard var first = problems.first else { return rules }
        if problems.count > 1 {
            let others = problems.dropFirst().prefix(3).map { $0.key ?? $0.message }.joined(separator: ", ")
            first.message += " (and \(problems.count - 1) more problem\(problems.count == 2 ? "" : "s"): \(others)\(problems.count > 4 ? ", …" : ""))"
        }
        throw first
    }

    /// Validates names and shapes and returns the rule (if any) for each requirement.
    private static func plan(_ manifest: WeightManifest, _ archive: some WeightArchive,
                             problems: inout [WeightLoadingError]) -> [String: WeightRule] {
        var used = Set<String>()
        var rules: [String: WeightRule] = [:]
        var shapeProblems: [WeightLoadingError] = []
        var unusedProblems: [WeightLoadingError] = []
        for requirement in manifest.requirements {
            let rule = manifest.map.rule(for: requirement.name)
            rules[requirement.name] = rule
            let sources = rule?.sources ?? [requirement.name]
            var entries: [WeightEntry] = []
            for source in sources {
                guard let entry = try? archive.entry(named: source) else {
                    let via = rule.map { " (needed for \(requirement.name) = \($0.summary))" } ?? ""
                    problems.append(WeightLoadingError(.missing, location: archive.location, key: source,
                                                       expectedShape: rule == nil ? requirement.shape : nil, message: """
                        the model needs this tensor\(rule == nil ? " with shape \(requirement.shape)" : "")\(via), \
                        the file does not have it
                        """))
                    continue
                }
                used.formUnion(archive.consumedNames(loading: source))
                entries.append(entry)
            }
            guard entries.count == sources.count else { continue }
            if let problem = shapeProblem(requirement, rule: rule, entries: entries, location: archive.location) {
                shapeProblems.append(problem)
            }
        }
        for name in archive.names where !used.contains(name) && !manifest.map.isIgnored(name) {
            let shape = (try? archive.entry(named: name).shape) ?? []
            unusedProblems.append(WeightLoadingError(.unused, location: archive.location, key: name, actualShape: shape,
                                                     message: "tensor of shape \(shape) is neither used nor ignored by the model"))
        }
        problems += shapeProblems + unusedProblems
        return rules
    }

    /// The mismatch between what the rule (or the stored tensor) yields and the declared shape, if any.
    private static func shapeProblem(_ requirement: WeightManifest.Requirement, rule: WeightRule?, entries: [WeightEntry],
                                     location: String) -> WeightLoadingError? {
        func mismatch(_ key: String, expected: [Int], actual: [Int], _ context: String) -> WeightLoadingError {
            WeightLoadingError(.shapeMismatch, location: location, key: key, expectedShape: expected, actualShape: actual,
                               message: "shape \(actual) in the file, \(context) expects \(expected)")
        }
        let produced: [Int]
        switch rule?.operation {
        case nil, .alias, .tie:
            produced = entries[0].shape
        case .sum:
            guard entries[0].shape == entries[1].shape else {
                return mismatch(entries[1].name, expected: entries[0].shape, actual: entries[1].shape,
                                "\(requirement.name) = \(rule!.summary)")
            }
            produced = entries[0].shape
        case .weightNorm:
            let g = entries[0], v = entries[1]
            guard let channels = v.shape.first, g.elementCount == channels else {
                return mismatch(g.name, expected: v.shape.first.map { [$0] + Array(repeating: 1, count: max(0, v.shape.count - 1)) } ?? [],
                                actual: g.shape, "\(requirement.name) = \(rule!.summary) with v of shape \(v.shape)")
            }
            produced = v.shape
        }
        guard produced == requirement.shape else {
            let key = rule == nil ? requirement.name : "\(requirement.name) (\(rule!.summary))"
            return mismatch(key, expected: requirement.shape, actual: produced, "the model")
        }
        return nil
    }

    // MARK: - Values

    private static func materialize(_ name: String, _ rule: WeightRule?, from archive: some WeightArchive) throws -> Tensor {
        guard let rule else { return try archive.tensor(named: name) }
        switch rule.operation {
        case .alias(let source), .tie(let source):
            return try archive.tensor(named: source)
        case .sum(let a, let b):
            let left = try archive.tensor(named: a), right = try archive.floats(named: b)
            return Tensor(shape: left.shape) { output in
                left.withUnsafeBufferPointer { left in
                    right.withUnsafeBufferPointer { right in
                        for i in 0..<output.count { output[i] = left[i] + right[i] }
                    }
                }
            }
        case .weightNorm(let g, let v):
            let direction = try archive.tensor(named: v), gains = try archive.floats(named: g)
            return foldWeightNorm(gains: gains, direction: direction)
        }
    }

    /// `g · v / ‖v‖` per index of axis 0. `v`: (channels, rest…) with the norm over `rest`, accumulated in Double.
    static func foldWeightNorm(gains: [Float], direction: Tensor) -> Tensor {
        let channels = direction.shape[0]
        let width = channels == 0 ? 0 : direction.count / channels
        return Tensor(shape: direction.shape) { output in
            direction.withUnsafeBufferPointer { v in
                gains.withUnsafeBufferPointer { g in
                    for channel in 0..<channels {
                        let row = channel * width
                        var squares = 0.0
                        for i in row..<(row + width) { squares += Double(v[i]) * Double(v[i]) }
                        let factor = Float(Double(g[channel]) / squares.squareRoot())
                        for i in row..<(row + width) { output[i] = v[i] * factor }
                    }
                }
            }
        }
    }
}
