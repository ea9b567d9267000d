/// A constant row-major `rows × columns` matrix held in IEEE binary16, as a model file stores it: half the memory and
/// half the bytes per product of a Float32 copy. Made once at load from a weight whose every value is exactly a
/// binary16 (the loader widened it from the file's float16), so nothing is rounded: products through
/// `Kernels.halfProducts` see the very values a Float32 copy would hold. Rows are the output features (a `Linear`
/// weight `[out, in]`, or a token embedding table `[vocabulary, d]`).
///
/// Thread-safety: immutable; share freely.
public struct HalfMatrix: Sendable {
    /// Rows (`n`, output features) and columns (`k`, input features).
    public let rows: Int
    public let columns: Int
    /// binary16 bit patterns, row-major.
    let bits: [UInt16]

    /// `matrix` (rank 2) in binary16, or nil if some value is not exactly a binary16 (a float32 model file): the
    /// caller then keeps the Float32 weight, so precision is never lost.
    /// - Parameter portable: force the portable conversion (tests compare it with the F16C one).
    public init?(exactly matrix: Tensor, portable: Bool = false) {
        precondition(matrix.rank == 2, "HalfMatrix: \(matrix.shape) is not a matrix")
        let count = matrix.count
        var exact = true
        let bits = matrix.withUnsafeBufferPointer { values in
            [UInt16](unsafeUninitializedCapacity: count) { buffer, initialized in
                if count > 0 {
                    exact = MynaCKernels.narrowHalfExactly(count: count, values: values.baseAddress!, out: buffer.baseAddress!,
                                                           portable: portable)
                }
                initialized = exact ? count : 0
            }
        }
        guard exact else { return nil }
        self.rows = matrix.shape[0]
        self.columns = matrix.shape[1]
        self.bits = bits
    }

    /// Rows `indices` widened to Float32, `[indices.count, columns]` (an embedding lookup); every index in `0..<rows`.
    public func gatherRows(_ indices: [Int], portable: Bool = false) -> Tensor {
        let width = columns
        return bits.withUnsafeBufferPointer { half in
            Tensor(shape: [indices.count, width]) { out in
                for (slot, index) in indices.enumerated() {
                    precondition(index >= 0 && index < rows, "HalfMatrix.gatherRows: row \(index) outside 0..<\(rows)")
                    MynaCKernels.widenHalf(count: width, half: half.baseAddress! + index * width,
                                           out: out.baseAddress! + slot * width, portable: portable)
                }
            }
        }
    }

    /// Rows `range` as a matrix of their own (a copy of their bits).
    public func rows(_ range: Range<Int>) -> HalfMatrix {
        precondition(range.lowerBound >= 0 && range.upperBound <= rows, "HalfMatrix.rows: \(range) outside 0..<\(rows)")
        return HalfMatrix(rows: range.count, columns: columns,
                          bits: Array(bits[(range.lowerBound * columns)..<(range.upperBound * columns)]))
    }

    private init(rows: Int, columns: Int, bits: [UInt16]) {
        self.rows = rows
        self.columns = columns
        self.bits = bits
    }

    /// The whole matrix widened to Float32 (tests and one-off uses; products should not need it).
    public func widened() -> Tensor { gatherRows(Array(0..<rows)) }
}
