extension Tensor {
    /// Row-major strides of `shape`, in elements.
    public static func contiguousStrides(_ shape: [Int]) -> [Int] {
        var strides = [Int](repeating: 1, count: shape.count)
        var step = 1
        for axis in shape.indices.reversed() {
            strides[axis] = step
            step *= shape[axis]
        }
        return strides
    }

    /// `axis` counted from the end when negative (−1 is the last axis); traps when out of range.
    @usableFromInline func normalizedAxis(_ axis: Int, rank: Int? = nil) -> Int {
        let rank = rank ?? self.rank
        let resolved = axis < 0 ? axis + rank : axis
        precondition(resolved >= 0 && resolved < rank, "Tensor: axis \(axis) out of range for shape \(shape)")
        return resolved
    }

    /// The same elements with another shape (no copy). One extent may be −1 and is inferred.
    public func reshaped(_ newShape: [Int]) -> Tensor {
        var resolved = newShape
        if let unknown = newShape.firstIndex(of: -1) {
            let known = newShape.enumerated().reduce(1) { $1.offset == unknown ? $0 : $0 * $1.element }
            precondition(known > 0 && count % known == 0, "Tensor: cannot reshape \(shape) to \(newShape)")
            resolved[unknown] = count / known
        }
        var result = self
        result.setShape(resolved)
        return result
    }

    /// Rows `range` of axis 0, sharing storage with `self` (no copy).
    public func rows(_ range: Range<Int>) -> Tensor {
        precondition(rank >= 1, "Tensor: rows of a scalar")
        precondition(range.lowerBound >= 0 && range.upperBound <= shape[0],
                     "Tensor: rows \(range) out of range for shape \(shape)")
        let rowSize = shape.dropFirst().reduce(1, *)
        var viewShape = shape
        viewShape[0] = range.count
        return Tensor(storage: storage, offset: offset + range.lowerBound * rowSize, shape: viewShape)
    }

    /// Row `index` of axis 0 with that axis removed, sharing storage (no copy).
    public func row(_ index: Int) -> Tensor {
        rows(index..<(index + 1)).reshaped(Array(shape.dropFirst()))
    }

    /// The transpose of a matrix: shape `[r, c]` becomes `[c, r]` (a copy).
    public func transposed() -> Tensor {
        precondition(rank == 2, "Tensor: transposed() needs a matrix, got shape \(shape)")
        return permuted([1, 0])
    }

    /// Axes reordered: result axis `i` is `self`'s axis `axes[i]` (a copy, like `numpy.transpose`).
    public func permuted(_ axes: [Int]) -> Tensor {
        precondition(axes.count == rank && Set(axes) == Set(0..<rank), "Tensor: \(axes) is not a permutation of \(rank) axes")
        let sourceStrides = Tensor.contiguousStrides(shape)
        return stridedCopy(shape: axes.map { shape[$0] }, strides: axes.map { sourceStrides[$0] }, start: 0)
    }

    /// Elements `range` of `axis`, taking every `step`-th (a copy, like `x[..., start:end:step, ...]`).
    public func slice(axis: Int, _ range: Range<Int>, step: Int = 1) -> Tensor {
        let axis = normalizedAxis(axis)
        precondition(step >= 1, "Tensor: slice step \(step) must be positive")
        precondition(range.lowerBound >= 0 && range.upperBound <= shape[axis],
                     "Tensor: slice \(range) out of range for axis \(axis) of shape \(shape)")
        let strides = Tensor.contiguousStrides(shape)
        var newShape = shape
        newShape[axis] = (range.count + step - 1) / step
        var newStrides = strides
        newStrides[axis] *= step
        return stridedCopy(shape: newShape, strides: newStrides, start: range.lowerBound * strides[axis])
    }

    /// Splits `axis` into consecutive pieces of the given sizes, which must add up to its extent.
    public func split(axis: Int, sizes: [Int]) -> [Tensor] {
        let axis = normalizedAxis(axis)
        precondition(sizes.reduce(0, +) == shape[axis], "Tensor: sizes \(sizes) do not split axis \(axis) of \(shape)")
        var start = 0
        return sizes.map { size in
            defer { start += size }
            return axis == 0 ? rows(start..<(start + size)) : slice(axis: axis, start..<(start + size))
        }
    }

    /// Copies the elements addressed by `shape`/`strides` from `start` (relative to this tensor) into a new
    /// contiguous tensor: the one gather loop behind permute and slice.
    func stridedCopy(shape newShape: [Int], strides: [Int], start: Int) -> Tensor {
        let total = newShape.reduce(1, *)
        return withUnsafeBufferPointer { source in
            Tensor(shape: newShape) { destination in
                guard total > 0 else { return }
                guard let innerExtent = newShape.last else {
                    destination[0] = source[start]
                    return
                }
                let innerStride = strides[strides.count - 1]
                let outerAxes = newShape.count - 1
                var index = [Int](repeating: 0, count: outerAxes)
                var base = start
                var written = 0
                while written < total {
                    if innerStride == 1 {
                        for i in 0..<innerExtent { destination[written + i] = source[base + i] }
                    } else {
                        for i in 0..<innerExtent { destination[written + i] = source[base + i * innerStride] }
                    }
                    written += innerExtent
                    // Odometer over the outer axes.
                    var axis = outerAxes - 1
                    while axis >= 0 {
                        index[axis] += 1
                        base += strides[axis]
                        if index[axis] < newShape[axis] { break }
                        base -= strides[axis] * newShape[axis]
                        index[axis] = 0
                        axis -= 1
                    }
                }
            }
        }
    }

    /// Tensors joined along `axis`; all other extents must agree.
    public static func concatenate(_ tensors: [Tensor], axis: Int) -> Tensor {
        precondition(!tensors.isEmpty, "Tensor.concatenate: no tensors")
        let first = tensors[0]
        let axis = first.normalizedAxis(axis)
        for tensor in tensors {
            precondition(tensor.rank == first.rank
                         && tensor.shape.enumerated().allSatisfy { $0.offset == axis || $0.element == first.shape[$0.offset] },
                         "Tensor.concatenate: shape \(tensor.shape) does not match \(first.shape) off axis \(axis)")
        }
        var newShape = first.shape
        newShape[axis] = tensors.reduce(0) { $0 + $1.shape[axis] }
        let outer = first.shape[..<axis].reduce(1, *)
        let inner = first.shape[(axis + 1)...].reduce(1, *)
        let outputRow = newShape[axis] * inner
        return Tensor(shape: newShape) { destination in
            var column = 0
            for tensor in tensors {
                let piece = tensor.shape[axis] * inner
                tensor.withUnsafeBufferPointer { source in
                    for o in 0..<outer {
                        let from = o * piece, to = o * outputRow + column
                        for i in 0..<piece { destination[to + i] = source[from + i] }
                    }
                }
                column += piece
            }
        }
    }

    /// How `padded` fills the new elements.
    public enum PaddingMode: Sendable, Equatable {
        /// A constant value (PyTorch `F.pad(mode='constant')`).
        case constant(Float)
        /// Mirror without repeating the edge (`numpy.pad(mode='reflect')`, PyTorch `'reflect'`); padding must be
        /// smaller than the axis extent.
        case reflect
        /// Repeat the edge element (`'replicate'` / numpy `'edge'`).
        case replicate
    }

    /// `before` elements in front of and `after` behind `axis`, filled by `mode`.
    public func padded(axis: Int, before: Int, after: Int, mode: PaddingMode = .constant(0)) -> Tensor {
        let axis = normalizedAxis(axis)
        precondition(before >= 0 && after >= 0, "Tensor: negative padding \(before), \(after)")
        let extent = shape[axis]
        if mode == .reflect {
            precondition(before < extent && after < extent,
                         "Tensor: reflect padding \(before), \(after) must be smaller than extent \(extent)")
        } else if mode == .replicate {
            precondition(extent > 0 || before + after == 0, "Tensor: cannot replicate an empty axis")
        }
        let outer = shape[..<axis].reduce(1, *)
        let inner = shape[(axis + 1)...].reduce(1, *)
        var newShape = shape
        newShape[axis] = extent + before + after
        let newExtent = newShape[axis]
        return withUnsafeBufferPointer { source in
            Tensor(shape: newShape) { destination in
                for o in 0..<outer {
                    let sourceBase = o * extent * inner
                    let destinationBase = o * newExtent * inner
                    for position in 0..<newExtent {
                        let target = destinationBase + position * inner
                        var from = position - before
                        if from < 0 || from >= extent {
                            switch mode {
                            case .constant(let value):
                                for i in 0..<inner { destination[target + i] = value }
                                continue
                            case .reflect:
                                from = from < 0 ? -from : 2 * (extent - 1) - from
                            case .replicate:
                                from = from < 0 ? 0 : extent - 1
                            }
                        }
                        let origin = sourceBase + from * inner
                        for i in 0..<inner { destination[target + i] = source[origin + i] }
                    }
                }
            }
        }
    }
}
