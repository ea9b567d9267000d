/// Everything a model declares about its weights: the tensors it needs with their shapes, and its weight map.
public struct WeightManifest: Sendable {
    /// One tensor the model needs: its name as the model spells it and the shape it expects.
    public struct Requirement: Sendable, Hashable {
        /// The tensor's name as the model spells it (a stored name, or the target of a `WeightRule`).
        public let name: String
        /// The exact shape the model expects.
        public let shape: [Int]

        /// `name` with `shape`.
        public init(_ name: String, shape: [Int]) {
            self.name = name
            self.shape = shape
        }
    }

    /// Every tensor the model needs; names must be unique.
    public var requirements: [Requirement]
    /// How the needed names map onto stored names, and which stored names may go unused.
    public var map: WeightMap

    /// A manifest of `requirements` with `map` (by default: stored names used as they are, nothing ignored).
    public init(requirements: [Requirement], map: WeightMap = WeightMap()) {
        let names = requirements.map(\.name)
        precondition(Set(names).count == names.count, "WeightManifest: a tensor is required twice")
        self.requirements = requirements
        self.map = map
    }
}
