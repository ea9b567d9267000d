import MynaKit

/// Wyoming's PCM (signed little-endian integers, `width` bytes, interleaved channels, as Python's `audioop` reads
/// them) to float samples in [-1, 1] and back.
enum WyomingPCM {
    /// The accepted sample widths in bytes.
    static let widths: Set<Int> = [1, 2, 4]

    /// Samples of `bytes` (a whole number of `width`-byte samples): divided by 2^(8·width − 1), as libsndfile
    /// normalises integer PCM, so 16-bit audio gives the floats `myna transcribe` reads from a 16-bit file.
    static func samples(_ bytes: ArraySlice<UInt8>, width: Int) -> [Float] {
        precondition(bytes.count % width == 0, "partial sample")
        var samples = [Float](repeating: 0, count: bytes.count / width)
        bytes.withUnsafeBufferPointer { raw in
            switch width {
            case 1:
                for i in samples.indices { samples[i] = Float(Int8(bitPattern: raw[i])) / 128 }
            case 2:
                for i in samples.indices {
                    let value = Int16(bitPattern: UInt16(raw[2 * i]) | UInt16(raw[2 * i + 1]) << 8)
                    samples[i] = Float(value) / 32_768
                }
            default:
                for i in samples.indices {
                    let bits = UInt32(raw[4 * i]) | UInt32(raw[4 * i + 1]) << 8 | UInt32(raw[4 * i + 2]) << 16
                        | UInt32(raw[4 * i + 3]) << 24
                    samples[i] = Float(Double(Int32(bitPattern: bits)) / 2_147_483_648)
                }
            }
        }
        return samples
    }
}
