/// `_rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, backward_hooks)`.
struct PickleTensor {
    let storage: PickleStorageReference
    let storageOffset: Int
    let shape: [Int]
    let strides: [Int]
}
