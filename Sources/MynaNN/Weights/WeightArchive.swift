/// A weight file opened for reading: names mapped to typed, shaped tensors (DESIGN.md §4).
///
/// Implemented by `CTranslate2ModelReader`, `ONNXModelReader`, `PyTorchCheckpointReader`, `SafetensorsReader` and
/// `InMemoryWeightArchive`. Readers memory-map their file and copy or convert only when values are asked for.
/// Thread-safety: archives are immutable after opening; every method may be called from any thread.
public protocol WeightArchive: Sendable {
    /// The file the weights come from (its path as given), used in error messages.
    var location: String { get }

    /// Names of the stored tensors, in file order (aliases are not listed; `entry(named:)` resolves them).
    var names: [String] { get }

    /// The stored tensor called `name` (or the target of the alias `name`); throws `.missing` if there is none.
    func entry(named name: String) throws -> WeightEntry

    /// Calls `body` with the entry's elements as contiguous row-major little-endian bytes (`entry.byteCount` of them).
    /// The pointer is valid only during the call.
    func withUnsafeRawBytes<R>(of entry: WeightEntry, _ body: (UnsafeRawBufferPointer) throws -> R) throws -> R

    /// Writes the tensor's values, converted to Float32, into `destination` (which must hold exactly
    /// `entry(named: name).elementCount` elements). Half types widen exactly; quantised weights are dequantised.
    func readFloats(named name: String, into destination: UnsafeMutableBufferPointer<Float>) throws

    /// The stored names that reading `name` uses (itself, an alias target, a quantisation scale…); strict loading
    /// counts them as used.
    func consumedNames(loading name: String) -> [String]
}
