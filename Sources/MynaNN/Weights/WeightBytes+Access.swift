extension WeightBytes {
    /// Calls `body` with the entry's elements as contiguous row-major bytes, gathering a strided view first.
    ///
    /// `file` is the mapping the offsets refer to; readers validated every offset and extent against it at open time.
    static func withContiguousBytes<R>(of entry: WeightEntry, in file: UnsafeRawBufferPointer,
                                       _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        switch entry.bytes {
        case .mapped(let offset):
            return try body(UnsafeRawBufferPointer(rebasing: file[offset..<(offset + entry.byteCount)]))
        case .owned(let bytes):
            return try bytes.withUnsafeBytes(body)
        case .strided(let offset, let strides):
            let gathered = gather(file: file, offset: offset, shape: entry.shape, strides: strides,
                                  elementSize: entry.dtype.byteSize)
            return try gathered.withUnsafeBytes(body)
        }
    }

    /// Copies a strided view (element strides per axis, non-negative) into row-major order.
    private static func gather(file: UnsafeRawBufferPointer, offset: Int, shape: [Int], strides: [Int],
                               elementSize: Int) -> [UInt8] {
        let count = shape.reduce(1, *)
        var output = [UInt8](repeating: 0, count: count * elementSize)
        guard count > 0, let source = file.baseAddress else { return output }
        var index = [Int](repeating: 0, count: shape.count)
        output.withUnsafeMutableBytes { destination in
            var sourceElement = 0
            for element in 0..<count {
                (destination.baseAddress! + element * elementSize)
                    .copyMemory(from: source + offset + sourceElement * elementSize, byteCount: elementSize)
                // Odometer increment over the row-major index, updating the strided position incrementally.
                var axis = shape.count - 1
                while axis >= 0 {
                    index[axis] += 1
                    sourceElement += strides[axis]
                    if index[axis] < shape[axis] { break }
                    sourceElement -= strides[axis] * shape[axis]
                    index[axis] = 0
                    axis -= 1
                }
            }
        }
        return output
    }
}
