#if _endian(big)
#error("MynaALSA negotiates little-endian sample formats and reads them in host order")
#endif

/// Conversions between the device's sample format and Float32, on raw buffers (no ARC, no bounds checks).
enum SampleConversion {
    /// Device samples (`count` of them, in `format`) → Float32 in [-1, 1).
    ///
    /// S16 is divided by 32768, exactly as libsndfile scales 16-bit files, so capture is bit-exact against them.
    static func toFloat(_ source: UnsafeRawPointer, format: ALSASampleFormat, count: Int,
                        into destination: UnsafeMutablePointer<Float>) {
        switch format {
        case .float32LittleEndian:
            destination.update(from: source.assumingMemoryBound(to: Float.self), count: count)
        case .int16LittleEndian:
            let input = source.assumingMemoryBound(to: Int16.self)
            let scale: Float = 1 / 32768
            for index in 0..<count {
                destination[index] = Float(input[index]) * scale
            }
        }
    }

    /// Float32 (`count` samples) → device samples in `format`.
    ///
    /// S16: scaled by 32768, rounded to nearest (ties away from zero) and clipped to [-32768, 32767]: the inverse of
    /// `toFloat`, so audio read from a 16-bit file reaches a 16-bit device bit-exact.
    static func fromFloat(_ source: UnsafePointer<Float>, count: Int, format: ALSASampleFormat,
                          into destination: UnsafeMutableRawPointer) {
        switch format {
        case .float32LittleEndian:
            destination.assumingMemoryBound(to: Float.self).update(from: source, count: count)
        case .int16LittleEndian:
            let output = destination.assumingMemoryBound(to: Int16.self)
            for index in 0..<count {
                let scaled = (source[index] * 32768).rounded(.toNearestOrAwayFromZero)
                // NaN becomes silence rather than trapping in Int16(_:).
                output[index] = scaled.isNaN ? 0 : Int16(Swift.max(-32768, Swift.min(32767, scaled)))
            }
        }
    }
}
