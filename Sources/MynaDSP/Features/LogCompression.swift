/// The elementwise logarithm applied after the (mel) spectrum.
enum LogCompression: Sendable, Hashable {
    case none
    /// `log10(max(x, floor))` (Whisper: floor 1e-10).
    case log10(floor: Float)
    /// `ln(max(x, floor))` (HiFi-GAN: floor 1e-5).
    case naturalLog(floor: Float)
    /// `10 · log10(max(x, floor))` (librosa `power_to_db`, `ref=1`, `amin` = floor).
    case decibels(floor: Float)

    /// The compression of eight values.
    @inline(__always)
    func apply(_ values: SIMD8<Float>) -> SIMD8<Float> {
        switch self {
        case .none: return values
        case .log10(let floor): return VectorMath.log10(values, floor: floor)
        case .naturalLog(let floor): return VectorMath.naturalLog(VectorMath.maximum(values, SIMD8(repeating: floor)))
        case .decibels(let floor): return VectorMath.decibels(values, floor: floor)
        }
    }
}
