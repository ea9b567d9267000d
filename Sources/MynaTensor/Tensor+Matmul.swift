extension Tensor {
    /// The matrix product `op(self) · op(other)` through OpenBLAS sgemm (sgemv for a single row).
    ///
    /// `other` is a matrix `[k, n]` (`[n, k]` with `transposingOther`). `self` is `[m, k]` (`[k, m]` with
    /// `transposingSelf`), or, without `transposingSelf`, any rank ≥ 1 whose leading axes are rows: `[..., k]` gives
    /// `[..., n]`. That is how a batch of hypotheses or frames goes through one weight matrix in a single sgemm.
    public func matmul(_ other: Tensor, transposingSelf: Bool = false, transposingOther: Bool = false) -> Tensor {
        precondition(other.rank == 2, "Tensor.matmul: right operand must be a matrix, got shape \(other.shape)")
        let k = transposingOther ? other.shape[1] : other.shape[0]
        let n = transposingOther ? other.shape[0] : other.shape[1]
        let m: Int
        let outputShape: [Int]
        if transposingSelf {
            precondition(rank == 2, "Tensor.matmul: transposed left operand must be a matrix, got shape \(shape)")
            precondition(shape[0] == k, "Tensor.matmul: shapes \(shape)ᵀ and \(other.shape) do not multiply")
            m = shape[1]
            outputShape = [m, n]
        } else {
            precondition(rank >= 1 && shape[rank - 1] == k,
                         "Tensor.matmul: shapes \(shape) and \(other.shape)\(transposingOther ? "ᵀ" : "") do not multiply")
            m = count / Swift.max(k, 1)
            outputShape = Array(shape.dropLast()) + [n]
        }
        if k == 0 || m == 0 || n == 0 { return Tensor(shape: outputShape) }
        return withUnsafeBufferPointer { a in
            other.withUnsafeBufferPointer { b in
                Tensor(shape: outputShape) { c in
                    Kernels.gemm(transposeA: transposingSelf, transposeB: transposingOther, m: m, n: n, k: k,
                                 a: a.baseAddress!, lda: transposingSelf ? m : k,
                                 b: b.baseAddress!, ldb: other.shape[1],
                                 c: c.baseAddress!, ldc: n)
                }
            }
        }
    }

    /// Batched matrix product: `self` `[..., m, k]` times `other` `[..., k, n]` (either transposed per flag) with
    /// equal leading axes, one sgemm per batch entry. `other` may also be a plain matrix shared by every entry.
    public func batchedMatmul(_ other: Tensor, transposingSelf: Bool = false, transposingOther: Bool = false) -> Tensor {
        precondition(rank >= 2 && other.rank >= 2, "Tensor.batchedMatmul: operands need rank ≥ 2, got \(shape), \(other.shape)")
        let batchShape = Array(shape.dropLast(2))
        let sharedOther = other.rank == 2
        precondition(sharedOther || Array(other.shape.dropLast(2)) == batchShape,
                     "Tensor.batchedMatmul: batch axes of \(shape) and \(other.shape) differ")
        let (rows, columns) = (shape[rank - 2], shape[rank - 1])
        let (otherRows, otherColumns) = (other.shape[other.rank - 2], other.shape[other.rank - 1])
        let m = transposingSelf ? columns : rows, k = transposingSelf ? rows : columns
        let n = transposingOther ? otherRows : otherColumns
        precondition((transposingOther ? otherColumns : otherRows) == k,
                     "Tensor.batchedMatmul: shapes \(shape) and \(other.shape) do not multiply")
        let batch = batchShape.reduce(1, *)
        let outputShape = batchShape + [m, n]
        if k == 0 || m == 0 || n == 0 || batch == 0 { return Tensor(shape: outputShape) }
        return withUnsafeBufferPointer { a in
            other.withUnsafeBufferPointer { b in
                Tensor(shape: outputShape) { c in
                    for entry in 0..<batch {
                        Kernels.gemm(transposeA: transposingSelf, transposeB: transposingOther, m: m, n: n, k: k,
                                     a: a.baseAddress! + entry * rows * columns, lda: columns,
                                     b: b.baseAddress! + (sharedOther ? 0 : entry * otherRows * otherColumns),
                                     ldb: otherColumns,
                                     c: c.baseAddress! + entry * m * n, ldc: n)
                    }
                }
            }
        }
    }
}
