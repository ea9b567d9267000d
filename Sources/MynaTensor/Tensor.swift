/// A dense, row-major Float32 array with a shape: the one value type every layer and weight reader exchanges.
///
/// Storage is a Swift array shared copy-on-write, so copies, `reshaped(_:)` and leading-axis views (`rows(_:)`)
/// cost nothing until someone writes. A view remembers where its elements start in the shared storage; writing through
/// `withUnsafeMutableBufferPointer` first gives the tensor its own compact storage, so a write never shows through
/// another tensor.
///
/// Thread-safety: a value type; distinct copies may be read and written from any thread.
public struct Tensor: Sendable {
    /// Elements of this tensor and possibly of others that share the storage.
    @usableFromInline var storage: [Float]
    /// Index in `storage` of element 0 of this tensor.
    @usableFromInline var offset: Int
    /// Extent of each axis, outermost first. A scalar has shape `[]` and one element.
    public private(set) var shape: [Int]

    /// Number of elements, the product of `shape`.
    public var count: Int { shape.reduce(1, *) }

    /// Number of axes.
    public var rank: Int { shape.count }

    /// Wraps `values` (row-major) with `shape`; `values.count` must equal the product of `shape`.
    public init(shape: [Int], values: [Float]) {
        precondition(shape.allSatisfy { $0 >= 0 }, "Tensor: negative extent in shape \(shape)")
        precondition(values.count == shape.reduce(1, *),
                     "Tensor: \(values.count) values do not fill shape \(shape) (\(shape.reduce(1, *)) elements)")
        self.storage = values
        self.offset = 0
        self.shape = shape
    }

    /// A tensor of `shape` with every element `value` (default zero).
    public init(shape: [Int], repeating value: Float = 0) {
        self.init(shape: shape, values: [Float](repeating: value, count: shape.reduce(1, *)))
    }

    /// A tensor of `shape` whose elements are written by `initializer`, which must set every element
    /// (the buffer starts uninitialised; for Float that is merely unspecified values, never undefined behaviour).
    public init(shape: [Int], initializingWith initializer: (inout UnsafeMutableBufferPointer<Float>) throws -> Void) rethrows {
        precondition(shape.allSatisfy { $0 >= 0 }, "Tensor: negative extent in shape \(shape)")
        let count = shape.reduce(1, *)
        self.storage = try [Float](unsafeUninitializedCapacity: count) { buffer, initializedCount in
            try initializer(&buffer)
            initializedCount = count
        }
        self.offset = 0
        self.shape = shape
    }

    /// A one-element tensor of shape `[]`.
    public init(scalar: Float) {
        self.init(shape: [], values: [scalar])
    }

    /// A view sharing `storage` from `offset`; internal because callers must keep `offset + count <= storage.count`.
    @usableFromInline init(storage: [Float], offset: Int, shape: [Int]) {
        precondition(offset >= 0 && offset + shape.reduce(1, *) <= storage.count, "Tensor: view out of range")
        self.storage = storage
        self.offset = offset
        self.shape = shape
    }

    /// The elements, row-major, as a new array.
    public var values: [Float] {
        if offset == 0 && storage.count == count { return storage }
        return Array(storage[offset..<(offset + count)])
    }

    /// Calls `body` with the elements in row-major order. The pointer is valid only during the call.
    @inlinable
    public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Float>) throws -> R) rethrows -> R {
        let count = self.count
        let offset = self.offset
        return try storage.withUnsafeBufferPointer { all in
            try body(UnsafeBufferPointer(rebasing: all[offset..<(offset + count)]))
        }
    }

    /// Calls `body` with writable elements in row-major order, first giving this tensor storage of its own
    /// if it is shared or is a view. The pointer is valid only during the call.
    @inlinable
    public mutating func withUnsafeMutableBufferPointer<R>(
        _ body: (inout UnsafeMutableBufferPointer<Float>) throws -> R
    ) rethrows -> R {
        if offset != 0 || storage.count != count { compact() }
        return try storage.withUnsafeMutableBufferPointer { try body(&$0) }
    }

    /// Replaces a view by compact storage holding exactly this tensor's elements.
    @usableFromInline mutating func compact() {
        storage = values
        offset = 0
    }

    /// Changes the shape without moving elements; `newShape` must hold as many elements. Used by `reshaped`.
    @usableFromInline mutating func setShape(_ newShape: [Int]) {
        precondition(newShape.reduce(1, *) == count, "Tensor: cannot reshape \(shape) to \(newShape)")
        shape = newShape
    }
}

extension Tensor: CustomStringConvertible {
    public var description: String { "Tensor(shape: \(shape))" }
}

extension Tensor: Equatable {
    /// Same shape and bitwise-equal-as-Float elements (so NaN != NaN, 0 == -0).
    public static func == (lhs: Tensor, rhs: Tensor) -> Bool {
        guard lhs.shape == rhs.shape else { return false }
        return lhs.withUnsafeBufferPointer { a in rhs.withUnsafeBufferPointer { b in a.elementsEqual(b) } }
    }
}
