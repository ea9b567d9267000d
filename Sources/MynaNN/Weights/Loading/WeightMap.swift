/// A model's mapping from its tensor names to a weight file's: named rules plus what the file may hold that the
/// model does not use (training-only state such as `optimizer_state.`).
public struct WeightMap: Sendable {
    /// The rules, at most one per target name.
    public var rules: [WeightRule]
    /// Stored names that may go unused.
    public var ignoredNames: Set<String>
    /// Stored name prefixes that may go unused.
    public var ignoredPrefixes: [String]

    /// A map of `rules` that lets `ignoredNames` and names starting with an `ignoredPrefixes` entry go unused.
    public init(rules: [WeightRule] = [], ignoredNames: Set<String> = [], ignoredPrefixes: [String] = []) {
        let targets = rules.map(\.target)
        precondition(Set(targets).count == targets.count, "WeightMap: two rules produce the same target")
        self.rules = rules
        self.ignoredNames = ignoredNames
        self.ignoredPrefixes = ignoredPrefixes
    }

    /// The rule that produces `target`, if any.
    public func rule(for target: String) -> WeightRule? { rules.first { $0.target == target } }

    /// True if the stored tensor `name` may go unused.
    public func isIgnored(_ name: String) -> Bool {
        ignoredNames.contains(name) || ignoredPrefixes.contains { name.hasPrefix($0) }
    }
}
