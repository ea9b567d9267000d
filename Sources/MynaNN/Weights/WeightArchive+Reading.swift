import MynaCore
import MynaTensor

extension WeightArchive {
    public func readFloats(named name: String, into destination: UnsafeMutableBufferPointer<Float>) throws {
        let entry = try entry(named: name)
        try checkDestination(destination.count, for: entry)
        try withUnsafeRawBytes(of: entry) { source in
            WeightConversion.widen(entry.dtype, from: source, into: destination)
        }
    }

    public func consumedNames(loading name: String) -> [String] {
        [(try? entry(named: name))?.name ?? name]
    }

    /// True when `entry(named:)` would find `name`.
    public func contains(_ name: String) -> Bool { (try? entry(named: name)) != nil }

    /// Every stored tensor's entry, in file order.
    public var entries: [WeightEntry] { names.compactMap { try? entry(named: $0) } }

    /// The tensor's values converted to Float32, row-major.
    public func floats(named name: String) throws -> [Float] {
        let count = try entry(named: name).elementCount
        return try [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            try readFloats(named: name, into: buffer)
            initialized = count
        }
    }

    /// The tensor as a Float32 `Tensor` with the stored shape.
    public func tensor(named name: String) throws -> Tensor {
        let shape = try entry(named: name).shape
        return try Tensor(shape: shape) { buffer in try readFloats(named: name, into: buffer) }
    }

    /// The values of an integer or bool tensor (for example CTranslate2's `encoder/num_heads`), exactly.
    /// Floating-point tensors throw `.dtypeUnsupported`.
    public func integers(named name: String) throws -> [Int] {
        let entry = try entry(named: name)
        guard !entry.dtype.isFloatingPoint else {
            throw WeightLoadingError(.dtypeUnsupported, location: location, key: entry.name,
                                     message: "is \(entry.dtype), not an integer tensor")
        }
        return try withUnsafeRawBytes(of: entry) { bytes in
            try (0..<entry.elementCount).map { index in
                guard let value = WeightConversion.integer(entry.dtype, in: bytes, at: index) else {
                    throw WeightLoadingError(.dtypeUnsupported, location: location, key: entry.name,
                                             message: "element \(index) does not fit in Int")
                }
                return value
            }
        }
    }

    func checkDestination(_ count: Int, for entry: WeightEntry) throws {
        guard count == entry.elementCount else {
            throw WeightLoadingError(.shapeMismatch, location: location, key: entry.name,
                                     expectedShape: entry.shape, message: """
                destination holds \(count) floats but the tensor has \(entry.elementCount) (shape \(entry.shape))
                """)
        }
    }

    /// The error for a name the archive does not have.
    func missing(_ name: String) -> WeightLoadingError {
        WeightLoadingError(.missing, location: location, key: name,
                           message: "no such tensor in the file (it has \(names.count) tensors)")
    }
}
