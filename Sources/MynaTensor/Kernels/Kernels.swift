/// Pointer-level building blocks under the `Tensor` operations, public so that model sessions can run their hot
/// loops on scratch buffers allocated once per session instead of allocating a tensor per step (DESIGN.md §5).
///
/// All functions work on row-major Float32 memory owned by the caller; none allocates unless documented.
/// Thread-safety: stateless; concurrent calls are safe when they write disjoint memory.
public enum Kernels {}
