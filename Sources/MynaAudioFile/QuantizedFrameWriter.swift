/// Hands float frames to a libsndfile handle in an encoding's sample format: integer encodings get
/// `SampleQuantizer`'s round(x · 2^(bits−1)), clipped, written as integers (so libsndfile does not rescale them);
/// float and lossy encodings get the floats themselves. Shared by `SoundFileWriter` (files) and `SoundFileEncoder`
/// (bytes in memory), so both store the same samples.
///
/// Not thread-safe: holds reusable integer scratch; its owner serialises calls.
struct QuantizedFrameWriter {
    let encoding: SoundFileEncoding
    /// Integer scratch reused across writes so steady-state writing does not allocate.
    private var int16Scratch: [Int16] = []
    private var int32Scratch: [Int32] = []

    init(encoding: SoundFileEncoding) {
        self.encoding = encoding
    }

    /// Writes `frames` interleaved frames of `samples`, which must be finite (see `SampleQuantizer.firstNonFinite`).
    /// - Throws: `AudioIOError` `.writeFailed` from libsndfile.
    mutating func write(_ samples: UnsafeBufferPointer<Float>, frames: Int, to file: SndFileHandle) throws {
        switch encoding.integerBits {
        case 16:
            if int16Scratch.count < samples.count { int16Scratch = [Int16](repeating: 0, count: samples.count) }
            try int16Scratch.withUnsafeMutableBufferPointer { scratch in
                SampleQuantizer.toInt16(samples, scratch)
                try file.writeShort(scratch.baseAddress!, frames: frames)
            }
        case 24:
            if int32Scratch.count < samples.count { int32Scratch = [Int32](repeating: 0, count: samples.count) }
            try int32Scratch.withUnsafeMutableBufferPointer { scratch in
                SampleQuantizer.toInt24InInt32(samples, scratch)
                try file.writeInt(scratch.baseAddress!, frames: frames)
            }
        default:
            try file.writeFloat(samples.baseAddress!, frames: frames)
        }
    }
}
