import MynaTensor

extension MultiHeadAttention {
    /// q, k, v of `x` `[rows, in]`, with one sgemm when the weights are fused.
    func projectAll(_ x: Tensor) -> (StridedRows, StridedRows, StridedRows) {
        let d = modelDimension
        switch projections {
        case let .separate(q, k, v):
            return (StridedRows(tensor: q(x), offset: 0, stride: d), StridedRows(tensor: k(x), offset: 0, stride: d),
                    StridedRows(tensor: v(x), offset: 0, stride: d))
        case let .fusedQKV(qkv):
            let all = qkv(x)  // (rows, 3d): q | k | v
            return (StridedRows(tensor: all, offset: 0, stride: 3 * d), StridedRows(tensor: all, offset: d, stride: 3 * d),
                    StridedRows(tensor: all, offset: 2 * d, stride: 3 * d))
        case let .queryAndFusedKeyValue(q, kv):
            let both = kv(x)  // (rows, 2d): k | v
            return (StridedRows(tensor: q(x), offset: 0, stride: d), StridedRows(tensor: both, offset: 0, stride: 2 * d),
                    StridedRows(tensor: both, offset: d, stride: 2 * d))
        }
    }

    /// q of `x` `[rows, in]`. A fused QKV weight is sliced to its first `d` rows without copying.
    func projectQuery(_ x: Tensor) -> StridedRows {
        let d = modelDimension
        switch projections {
        case let .separate(q, _, _), let .queryAndFusedKeyValue(q, _):
            return StridedRows(tensor: q(x), offset: 0, stride: d)
        case let .fusedQKV(qkv):
            let query = qkv.outputs(0..<d)
            return StridedRows(tensor: query(x), offset: 0, stride: d)
        }
    }

    /// k, v of `memory` `[rows, in]`.
    func projectKeyValue(_ memory: Tensor) -> (StridedRows, StridedRows) {
        let d = modelDimension
        switch projections {
        case let .separate(_, k, v):
            return (StridedRows(tensor: k(memory), offset: 0, stride: d), StridedRows(tensor: v(memory), offset: 0, stride: d))
        case let .fusedQKV(qkv):
            let keyValue = qkv.outputs(d..<(3 * d))
            let both = keyValue(memory)
            return (StridedRows(tensor: both, offset: 0, stride: 2 * d), StridedRows(tensor: both, offset: d, stride: 2 * d))
        case let .queryAndFusedKeyValue(_, kv):
            let both = kv(memory)
            return (StridedRows(tensor: both, offset: 0, stride: 2 * d), StridedRows(tensor: both, offset: d, stride: 2 * d))
        }
    }
}
