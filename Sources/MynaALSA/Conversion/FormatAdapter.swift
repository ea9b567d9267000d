import MynaCore
import MynaDSP

/// One stream's conversion from one `AudioFormat` to another: channels mapped first (`ChannelMapper`), then the rate
/// converted with MynaDSP's soxr `Resampler`.
///
/// Mapping first means the resampler runs on the caller's channel count in capture and the device's in playback.
/// When formats match, samples pass through without a copy.
///
/// Thread-safety: not thread-safe; owned by one device's I/O thread.
final class FormatAdapter {
    let input: AudioFormat
    let output: AudioFormat
    private let mapper: ChannelMapper
    private let resampler: Resampler?
    /// Mapped samples, reused across calls so steady-state mapping does not allocate.
    private var scratch: UnsafeMutablePointer<Float>?
    private var scratchCapacity = 0

    /// - Throws: `AudioIOError` `.invalidFormat` from `Resampler` for rates it cannot convert between.
    init(from input: AudioFormat, to output: AudioFormat) throws {
        self.input = input
        self.output = output
        mapper = ChannelMapper(from: input.channelCount, to: output.channelCount)
        resampler = input.sampleRate == output.sampleRate
            ? nil
            : try Resampler(inputRate: input.sampleRate, outputRate: output.sampleRate, channelCount: output.channelCount)
    }

    deinit {
        scratch?.deallocate()
    }

    /// Converts `frameCount` interleaved input frames and hands the output samples (possibly none while the resampler's
    /// filter fills) to `body`; the buffer is valid only during the call.
    func process(_ samples: UnsafePointer<Float>, frameCount: Int,
                 _ body: (UnsafeBufferPointer<Float>) throws -> Void) throws {
        let mapped: UnsafePointer<Float>
        let mappedCount = frameCount * output.channelCount
        if mapper.isIdentity {
            mapped = samples
        } else {
            let buffer = reserveScratch(mappedCount)
            mapper.map(samples, frameCount: frameCount, into: buffer)
            mapped = UnsafePointer(buffer)
        }
        guard let resampler else {
            try body(UnsafeBufferPointer(start: mapped, count: mappedCount))
            return
        }
        let resampled = try resampler.process(Array(UnsafeBufferPointer(start: mapped, count: mappedCount)))
        try resampled.withUnsafeBufferPointer(body)
    }

    /// Ends the stream: the resampler's remaining output (nothing when no resampling is needed).
    func flush(_ body: (UnsafeBufferPointer<Float>) throws -> Void) throws {
        guard let resampler else { return }
        let tail = try resampler.flush()
        try tail.withUnsafeBufferPointer(body)
    }

    private func reserveScratch(_ count: Int) -> UnsafeMutablePointer<Float> {
        if let scratch, scratchCapacity >= count { return scratch }
        scratch?.deallocate()
        let buffer = UnsafeMutablePointer<Float>.allocate(capacity: max(count, 1))
        scratch = buffer
        scratchCapacity = max(count, 1)
        return buffer
    }
}
