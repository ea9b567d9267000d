/// One named rule of a model's weight map: how a tensor the model needs is made from stored tensors
/// (DESIGN.md §4; each model family keeps its rules in one `…WeightMap.swift`).
public struct WeightRule: Sendable, Hashable {
    /// How the target is computed from stored tensors.
    public enum Operation: Sendable, Hashable {
        /// The stored tensor `source` under the model's name (exporters that renamed a weight).
        case alias(source: String)
        /// The same values as `source`, which the model also uses under its own name (tied embeddings).
        case tie(source: String)
        /// Weight normalisation folded at load: `g · v / ‖v‖`, the norm taken over all axes but 0 per index of
        /// axis 0 (PyTorch `torch.nn.utils.weight_norm` with `dim=0`). `g` has one element per index of axis 0.
        case weightNorm(g: String, v: String)
        /// The elementwise sum of two stored tensors of one shape (an LSTM's `bias_ih + bias_hh`).
        case sum(String, String)
    }

    /// The name the model asks for.
    public let target: String
    /// How it is made.
    public let operation: Operation

    /// A rule producing `target` by `operation` (the static constructors below read better).
    public init(target: String, operation: Operation) {
        self.target = target
        self.operation = operation
    }

    /// The stored tensors the rule reads.
    public var sources: [String] {
        switch operation {
        case .alias(let source), .tie(let source): [source]
        case .weightNorm(let g, let v): [g, v]
        case .sum(let a, let b): [a, b]
        }
    }

    /// The rule's name for messages, for example `weightNorm(conv_pre.weight_g, conv_pre.weight_v)`.
    public var summary: String {
        switch operation {
        case .alias(let source): "alias of \(source)"
        case .tie(let source): "tied to \(source)"
        case .weightNorm(let g, let v): "weightNorm(\(g), \(v))"
        case .sum(let a, let b): "\(a) + \(b)"
        }
    }

    /// `target` reads the stored tensor `source`.
    public static func alias(_ target: String, to source: String) -> WeightRule {
        WeightRule(target: target, operation: .alias(source: source))
    }

    /// `target` shares the values of `source` (which the model also loads itself).
    public static func tie(_ target: String, to source: String) -> WeightRule {
        WeightRule(target: target, operation: .tie(source: source))
    }

    /// `target = g · v / ‖v‖` with explicit names.
    public static func weightNorm(_ target: String, g: String, v: String) -> WeightRule {
        WeightRule(target: target, operation: .weightNorm(g: g, v: v))
    }

    /// `prefix + "weight"` from PyTorch's `prefix + "weight_g"` and `prefix + "weight_v"`.
    public static func weightNorm(prefix: String) -> WeightRule {
        weightNorm(prefix + "weight", g: prefix + "weight_g", v: prefix + "weight_v")
    }

    /// `target = a + b`.
    public static func sum(_ target: String, _ a: String, _ b: String) -> WeightRule {
        WeightRule(target: target, operation: .sum(a, b))
    }
}
