extension Tensor {
    /// Views the tensor as `[outer, extent, inner]` around `axis` and reduces the middle with `reduce`, which gets
    /// a strided row (`base`, `stride`, `count`) and returns one value. Accumulators are the caller's choice.
    func reducing(axis: Int, keepingAxis: Bool, _ reduce: (UnsafeBufferPointer<Float>, Int, Int, Int) -> Float) -> Tensor {
        let axis = normalizedAxis(axis)
        let extent = shape[axis]
        let outer = shape[..<axis].reduce(1, *)
        let inner = shape[(axis + 1)...].reduce(1, *)
        var newShape = shape
        if keepingAxis { newShape[axis] = 1 } else { newShape.remove(at: axis) }
        return withUnsafeBufferPointer { source in
            Tensor(shape: newShape) { out in
                for o in 0..<outer {
                    for i in 0..<inner {
                        out[o * inner + i] = reduce(source, o * extent * inner + i, inner, extent)
                    }
                }
            }
        }
    }

    /// Sum along `axis` (accumulated in Double, so the result is the correctly rounded sum for small axes).
    public func sum(axis: Int, keepingAxis: Bool = false) -> Tensor {
        reducing(axis: axis, keepingAxis: keepingAxis) { source, base, stride, count in
            var total = 0.0
            for j in 0..<count { total += Double(source[base + j * stride]) }
            return Float(total)
        }
    }

    /// Mean along `axis`.
    public func mean(axis: Int, keepingAxis: Bool = false) -> Tensor {
        reducing(axis: axis, keepingAxis: keepingAxis) { source, base, stride, count in
            var total = 0.0
            for j in 0..<count { total += Double(source[base + j * stride]) }
            return Float(total / Double(count))
        }
    }

    /// Maximum along `axis` (NaN if any element is NaN, as in NumPy).
    public func max(axis: Int, keepingAxis: Bool = false) -> Tensor {
        precondition(shape[normalizedAxis(axis)] > 0, "Tensor: max over an empty axis of shape \(shape)")
        return reducing(axis: axis, keepingAxis: keepingAxis) { source, base, stride, count in
            var best = source[base]
            for j in 0..<count {
                let v = source[base + j * stride]
                if v > best || v.isNaN { best = v; if v.isNaN { break } }
            }
            return best
        }
    }

    /// Sum of all elements (Double accumulation).
    public func sum() -> Float {
        withUnsafeBufferPointer { Float($0.reduce(0.0) { $0 + Double($1) }) }
    }

    /// Index of the largest element in row-major order; the first one on ties (NumPy `argmax`).
    public func argmax() -> Int {
        precondition(count > 0, "Tensor: argmax of an empty tensor")
        return withUnsafeBufferPointer { Tensor.argmax($0) }
    }

    /// Index of the largest element along `axis` for every position of the other axes (shape without `axis`).
    public func argmax(axis: Int) -> [Int] {
        precondition(shape[normalizedAxis(axis)] > 0, "Tensor: argmax over an empty axis of shape \(shape)")
        return reducing(axis: axis, keepingAxis: false) { source, base, stride, count in
            var best = 0
            for j in 1..<Swift.max(1, count) where source[base + j * stride] > source[base + best * stride] { best = j }
            return Float(best)
        }.values.map { Int($0) }
    }

    static func argmax(_ values: UnsafeBufferPointer<Float>) -> Int {
        var best = 0
        for i in values.indices where values[i] > values[best] { best = i }
        return best
    }

    /// Softmax along the last axis, stable for any finite input (`exp(x − max) / Σ`).
    public func softmax() -> Tensor {
        guard let rowLength = shape.last, rowLength > 0 else { return self }
        return applying { Kernels.softmaxRows($0, rowLength: rowLength) }
    }

    /// Log-softmax along the last axis: `x − max − log Σ exp(x − max)`.
    public func logSoftmax() -> Tensor {
        guard let rowLength = shape.last, rowLength > 0 else { return self }
        return applying { buffer in
            var start = 0
            while start < buffer.count {
                let row = UnsafeMutableBufferPointer(rebasing: buffer[start..<(start + rowLength)])
                var maximum = -Float.infinity
                for v in row where v > maximum { maximum = v }
                var sum: Float = 0
                for v in row { sum += LibM.exp(v - maximum) }
                let shift = maximum + LibM.log(sum)
                for i in row.indices { row[i] -= shift }
                start += rowLength
            }
        }
    }
}
