internal import CSoxr
import MynaCore

/// Owns one libsoxr stream resampler (`soxr_t`), configured for interleaved Float32 in and out at `SOXR_HQ`
/// (20-bit precision, linear phase, the quality librosa's `res_type="soxr_hq"` uses); `deinit` deletes it.
///
/// Not thread-safe: a soxr stream carries filter state between calls; `Resampler` owns one per stream.
final class SoxrEngine {
    private let handle: OpaquePointer
    let channelCount: Int

    init(inputRate: Double, outputRate: Double, channelCount: Int) throws {
        var ioSpec = soxr_io_spec(SOXR_FLOAT32_I, SOXR_FLOAT32_I)
        var qualitySpec = soxr_quality_spec(UInt(SOXR_HQ), 0)
        var runtimeSpec = soxr_runtime_spec(1)
        var error: soxr_error_t?
        let handle = soxr_create(inputRate, outputRate, UInt32(channelCount), &error, &ioSpec, &qualitySpec, &runtimeSpec)
        try SoxrCall.check(error, "soxr_create")
        guard let handle else {
            throw AudioIOError(.invalidArgument, location: "resampler", message: "soxr_create returned no resampler")
        }
        self.handle = handle
        self.channelCount = channelCount
    }

    deinit {
        soxr_delete(handle)
    }

    /// One `soxr_process` call. `input` nil signals the end of the stream (soxr then drains its filter).
    /// Returns the input frames consumed and the output frames written.
    func process(input: UnsafePointer<Float>?, inputFrames: Int, output: UnsafeMutablePointer<Float>,
                 outputFrames: Int) throws -> (consumed: Int, produced: Int) {
        var consumed = 0
        var produced = 0
        let error = soxr_process(handle, input, inputFrames, &consumed, output, outputFrames, &produced)
        try SoxrCall.check(error, "soxr_process")
        return (consumed, produced)
    }

    /// Resets the filter state for a fresh signal with the same rates (`soxr_clear`).
    func clear() throws {
        try SoxrCall.check(soxr_clear(handle), "soxr_clear")
    }
}
