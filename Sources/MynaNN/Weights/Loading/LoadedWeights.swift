import MynaTensor

/// The tensors a `WeightManifest` asked for, loaded and checked: every declared name is present with its
/// declared shape.
///
/// Thread-safety: a value type of `Tensor`s; safe to share.
public struct LoadedWeights: Sendable {
    /// The weight file they came from.
    public let location: String
    private let tensors: [String: Tensor]

    init(location: String, tensors: [String: Tensor]) {
        self.location = location
        self.tensors = tensors
    }

    /// The declared names, sorted.
    public var names: [String] { tensors.keys.sorted() }

    /// The tensor the manifest declared as `name`. Asking for an undeclared name is a programmer error.
    public subscript(name: String) -> Tensor {
        guard let tensor = tensors[name] else {
            preconditionFailure("LoadedWeights: '\(name)' was not declared in the weight manifest")
        }
        return tensor
    }
}
