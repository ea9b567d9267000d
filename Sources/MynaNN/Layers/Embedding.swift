import MynaTensor

/// A lookup table (PyTorch `nn.Embedding`): row `id` of weight `[count, dimension]` for every id.
///
/// Thread-safety: immutable; share freely.
public struct Embedding: Sendable {
    /// `[count, dimension]`.
    public let weight: Tensor

    public init(weight: Tensor) {
        precondition(weight.rank == 2, "Embedding: weight must be [count, dimension], got \(weight.shape)")
        self.weight = weight
    }

    /// Number of rows (vocabulary size).
    public var count: Int { weight.shape[0] }
    /// Length of each row.
    public var dimension: Int { weight.shape[1] }

    /// `[ids.count, dimension]`; every id must be in `0..<count`.
    public func callAsFunction(_ ids: [Int]) -> Tensor {
        weight.gather(axis: 0, indices: ids)
    }
}
