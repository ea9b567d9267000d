/// One stored tensor as a reader sees it: name, element type and shape, plus where its bytes are.
///
/// An entry is a description, not data: reading the values goes through the archive that produced it
/// (`WeightArchive.floats(named:)`, `withUnsafeRawBytes(of:_:)`), which keeps the file mapped.
public struct WeightEntry: Sendable, Hashable {
    /// The tensor's name as stored (an alias lookup returns the entry of its target).
    public let name: String
    /// The stored element type (what `floats(named:)` converts from).
    public let dtype: WeightDType
    /// Extent of each axis, outermost first; `[]` for a scalar.
    public let shape: [Int]
    let bytes: WeightBytes

    init(name: String, dtype: WeightDType, shape: [Int], bytes: WeightBytes) {
        self.name = name
        self.dtype = dtype
        self.shape = shape
        self.bytes = bytes
    }

    /// Number of elements (product of `shape`; 1 for a scalar).
    public var elementCount: Int { shape.reduce(1, *) }

    /// Bytes the elements occupy when stored contiguously.
    public var byteCount: Int { elementCount * dtype.byteSize }

    /// Absolute file offset of the row-major bytes, or nil when the tensor is strided or was decoded at open time.
    public var fileOffset: Int? {
        if case .mapped(let offset) = bytes { return offset }
        return nil
    }
}
