extension Tensor {
    /// Entries `indices` of `axis`, in that order (repeats allowed): `numpy.take(x, indices, axis)`.
    /// Every index must lie in `0..<shape[axis]`.
    public func gather(axis: Int = 0, indices: [Int]) -> Tensor {
        let axis = normalizedAxis(axis)
        let extent = shape[axis]
        for index in indices {
            precondition(index >= 0 && index < extent, "Tensor.gather: index \(index) out of range 0..<\(extent) on axis \(axis)")
        }
        let outer = shape[..<axis].reduce(1, *)
        let inner = shape[(axis + 1)...].reduce(1, *)
        var newShape = shape
        newShape[axis] = indices.count
        return withUnsafeBufferPointer { source in
            Tensor(shape: newShape) { out in
                var written = 0
                for o in 0..<outer {
                    for index in indices {
                        let from = (o * extent + index) * inner
                        for i in 0..<inner { out[written + i] = source[from + i] }
                        written += inner
                    }
                }
            }
        }
    }
}
