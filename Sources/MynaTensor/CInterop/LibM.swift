#if canImport(Glibc)
internal import Glibc
#elseif canImport(Darwin)
internal import Darwin
#endif

/// Single-precision libm functions used by the elementwise kernels, kept behind one file so the rest of the target
/// stays free of C imports. These are the C library's correctly-rounded-or-nearly results; glibc's `erff`, `expf`
/// and `tanhf` are within 1 ulp of the true value, which is also what PyTorch's CPU kernels promise, so results can
/// differ from torch by about 1 ulp (tests allow for it).
enum LibM {
    @inline(__always) static func exp(_ x: Float) -> Float { expf(x) }
    @inline(__always) static func log(_ x: Float) -> Float { logf(x) }
    @inline(__always) static func log1p(_ x: Float) -> Float { log1pf(x) }
    @inline(__always) static func tanh(_ x: Float) -> Float { tanhf(x) }
    @inline(__always) static func erf(_ x: Float) -> Float { erff(x) }
    @inline(__always) static func sqrt(_ x: Float) -> Float { x.squareRoot() }
}
