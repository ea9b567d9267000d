/// Where a tensor's bytes live; internal so readers can change representation without touching public API.
enum WeightBytes: Sendable, Hashable {
    /// Row-major bytes at this absolute offset in the mapped file.
    case mapped(offset: Int)
    /// Elements starting at this absolute offset, `strides` elements apart per axis (a PyTorch view).
    case strided(offset: Int, strides: [Int])
    /// Row-major bytes decoded at open time (ONNX typed fields, in-memory archives).
    case owned([UInt8])
}
