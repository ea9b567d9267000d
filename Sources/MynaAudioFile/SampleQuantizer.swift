/// Float → integer PCM conversion with one symmetric convention: 16-bit value = round(x · 32768), 24-bit value =
/// round(x · 2^23), clipped to the format's range. Reading divides by the same power of two, so a round trip of an
/// in-range sample is exact to half a quantisation step. (libsndfile's own float→int path scales by 32767 but reads
/// back with 1/32768, which shifts every sample by up to |x|/32768.)
enum SampleQuantizer {
    /// The index of the first NaN or infinite sample, if any.
    static func firstNonFinite(_ samples: UnsafeBufferPointer<Float>) -> Int? {
        for index in samples.indices where !samples[index].isFinite { return index }
        return nil
    }

    /// `destination[i] = clip(round(source[i] · 32768))`; the source must be finite.
    static func toInt16(_ source: UnsafeBufferPointer<Float>, _ destination: UnsafeMutableBufferPointer<Int16>) {
        precondition(destination.count >= source.count)
        for index in source.indices {
            let scaled = (source[index] * 32_768).rounded(.toNearestOrEven)
            destination[index] = Int16(min(max(scaled, -32_768), 32_767))
        }
    }

    /// 24-bit samples in the top three bytes of an Int32 (libsndfile keeps bits 31…8 when writing 24-bit):
    /// `destination[i] = clip(round(source[i] · 2^23)) · 256`; the source must be finite.
    static func toInt24InInt32(_ source: UnsafeBufferPointer<Float>, _ destination: UnsafeMutableBufferPointer<Int32>) {
        precondition(destination.count >= source.count)
        for index in source.indices {
            let scaled = (source[index] * 8_388_608).rounded(.toNearestOrEven)
            destination[index] = Int32(min(max(scaled, -8_388_608), 8_388_607)) << 8
        }
    }
}
