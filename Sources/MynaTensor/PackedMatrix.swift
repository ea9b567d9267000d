/// A constant `k × n` right-hand matrix packed once for `Kernels.accumulateProducts`: strips of 16 columns, each
/// `k × 16` and contiguous (the last padded with zeros), so that one strip stays in L1 while the rows of the left-hand
/// matrix run over it. Made from a weight at load (the LSTM's `W_hhᵀ`), used for every product after.
///
/// Thread-safety: immutable; share freely.
public struct PackedMatrix: Sendable {
    /// Rows (`k`) and columns (`n`) of the matrix it packs.
    public let rows: Int
    public let columns: Int
    let values: [Float]

    /// Packs the row-major `rows × columns` matrix `matrix` (a rank-2 tensor).
    public init(_ matrix: Tensor) {
        precondition(matrix.rank == 2, "PackedMatrix: \(matrix.shape) is not a matrix")
        rows = matrix.shape[0]
        columns = matrix.shape[1]
        let (k, n) = (rows, columns)
        values = matrix.withUnsafeBufferPointer { source in
            [Float](unsafeUninitializedCapacity: MynaCKernels.packedSize(k: k, n: n)) { buffer, count in
                if let base = source.baseAddress, k > 0, n > 0 {
                    MynaCKernels.packStrips(k: k, n: n, b: base, ldb: n, packed: buffer.baseAddress!)
                }
                count = MynaCKernels.packedSize(k: k, n: n)
            }
        }
    }
}
