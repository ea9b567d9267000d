/// A weight archive built in memory from Float32 arrays: for tests, and for weights computed rather than read.
///
/// Thread-safety: a value type holding immutable arrays; safe to share.
public struct InMemoryWeightArchive: WeightArchive {
    public let location: String
    public let names: [String]
    private let tensors: [String: WeightEntry]

    /// `tensors` in the given order; each value count must equal the product of its shape.
    public init(location: String = "in-memory weights", tensors: [(name: String, shape: [Int], values: [Float])]) {
        self.location = location
        var entries: [String: WeightEntry] = [:]
        for tensor in tensors {
            precondition(tensor.values.count == tensor.shape.reduce(1, *),
                         "InMemoryWeightArchive: \(tensor.name) has \(tensor.values.count) values for shape \(tensor.shape)")
            precondition(entries[tensor.name] == nil, "InMemoryWeightArchive: \(tensor.name) given twice")
            let bytes = tensor.values.withUnsafeBytes { Array($0) }
            entries[tensor.name] = WeightEntry(name: tensor.name, dtype: .float32, shape: tensor.shape, bytes: .owned(bytes))
        }
        names = tensors.map(\.name)
        self.tensors = entries
    }

    public func entry(named name: String) throws -> WeightEntry {
        guard let entry = tensors[name] else { throw missing(name) }
        return entry
    }

    public func withUnsafeRawBytes<R>(of entry: WeightEntry, _ body: (UnsafeRawBufferPointer) throws -> R) throws -> R {
        try WeightBytes.withContiguousBytes(of: entry, in: UnsafeRawBufferPointer(start: nil, count: 0), body)
    }
}
