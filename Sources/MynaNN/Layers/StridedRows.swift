import MynaTensor

/// Rows of a projected matrix read in place: element `(row, column)` is `tensor[offset + row · stride + column]`.
struct StridedRows {
    var tensor: Tensor
    var offset: Int
    var stride: Int
}
