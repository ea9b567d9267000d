import MynaCore

/// Streaming sample-rate conversion with libsoxr at high quality (`SOXR_HQ`: 20-bit precision, linear phase, pass band
/// to 91.3 % of the lower Nyquist frequency), interleaved Float32 in and out.
///
/// Feed blocks of any size to `process(_:)`, then call `flush()` once at the end of the stream: over the whole stream the
/// output holds round(inputFrames · outputRate / inputRate) frames (halves rounded up), exactly what soxr's own
/// one-shot conversion and python-soxr's `soxr.resample(…, quality="HQ")` give, whatever the block sizes. `flush()` also
/// resets the resampler, so it can start a new stream.
///
/// The filter delays the signal internally and compensates for it, so output frame k corresponds to input time
/// k / outputRate; the first and last few dozen output frames carry the filter's edge transients.
///
/// Thread-safety: not thread-safe. A resampler holds one stream's filter state; use one per stream and one thread (or
/// task) at a time.
public final class Resampler {
    /// Input frames per second, in Hz.
    public let inputRate: Int
    /// Output frames per second, in Hz.
    public let outputRate: Int
    /// Interleaved channels per frame, in and out.
    public let channelCount: Int

    /// The largest ratio between the two rates in either direction (256: 768 kHz ↔ 3 kHz). Far beyond any real
    /// conversion; larger ratios are almost certainly a rate given in the wrong unit.
    public static let maximumRatio = 256

    private let engine: SoxrEngine
    private var inputFramesSeen = 0
    private var outputFramesProduced = 0

    /// Creates a resampler from `inputRate` to `outputRate` Hz for `channelCount` interleaved channels.
    /// - Throws: `AudioIOError` `.invalidFormat` (location "resampler") for a rate outside 1…768000 Hz, a channel count
    ///   outside 1…64, or rates more than `maximumRatio` apart.
    public init(inputRate: Int, outputRate: Int, channelCount: Int) throws {
        try Self.validate(inputRate: inputRate, outputRate: outputRate, channelCount: channelCount)
        self.inputRate = inputRate
        self.outputRate = outputRate
        self.channelCount = channelCount
        engine = try SoxrEngine(inputRate: Double(inputRate), outputRate: Double(outputRate), channelCount: channelCount)
    }

    private static func validate(inputRate: Int, outputRate: Int, channelCount: Int) throws {
        let rates = 1...AudioFormat.maximumSampleRate
        for (name, rate) in [("input", inputRate), ("output", outputRate)] where !rates.contains(rate) {
            throw AudioIOError(.invalidFormat, location: "resampler",
                               message: "\(name) rate \(rate) Hz is outside 1…\(AudioFormat.maximumSampleRate) Hz")
        }
        guard (1...AudioFormat.maximumChannelCount).contains(channelCount) else {
            throw AudioIOError(.invalidFormat, location: "resampler",
                               message: "\(channelCount) channels is outside 1…\(AudioFormat.maximumChannelCount)")
        }
        guard max(inputRate, outputRate) / min(inputRate, outputRate) <= maximumRatio else {
            throw AudioIOError(.invalidFormat, location: "resampler", message: """
                \(inputRate) Hz → \(outputRate) Hz is a ratio beyond \(maximumRatio):1; check the units of the rates
                """)
        }
    }

    /// Resamples the next block of interleaved samples (a whole number of frames) and returns the output frames that
    /// are ready; the filter holds back the most recent ones until more input or `flush()` arrives.
    /// - Throws: `AudioIOError` `.invalidArgument` when `samples.count` is not a multiple of `channelCount`, or when
    ///   libsoxr fails.
    public func process(_ samples: [Float]) throws -> [Float] {
        guard samples.count % channelCount == 0 else {
            throw AudioIOError(.invalidArgument, location: "resampler",
                               message: "\(samples.count) samples is not a whole number of \(channelCount)-channel frames")
        }
        let frames = samples.count / channelCount
        // An empty array has no base address, and a nil input is how soxr is told the stream has ended.
        guard frames > 0 else { return [] }
        inputFramesSeen += frames
        return try samples.withUnsafeBufferPointer { input in
            try drain(input: input.baseAddress, frames: frames)
        }
    }

    /// Ends the stream: returns the frames the filter still holds, so that everything returned since the start of the
    /// stream is round(inputFrames · outputRate / inputRate) frames, then resets for a new stream.
    public func flush() throws -> [Float] {
        defer {
            inputFramesSeen = 0
            outputFramesProduced = 0
        }
        let tail = try drain(input: nil, frames: 0)
        try engine.clear()
        return tail
    }

    /// Runs soxr until it has taken all `frames` input frames (or, for `input` nil, until it has nothing left).
    private func drain(input: UnsafePointer<Float>?, frames: Int) throws -> [Float] {
        // Everything soxr can owe us: the exact total for the input so far, minus what it already gave, plus slack for
        // rounding. soxr may return less (it holds back a filter's length) but not more, so one call normally does it.
        let owed = Int((Double(inputFramesSeen) * Double(outputRate) / Double(inputRate)).rounded(.up)) + 1
        let capacity = max(owed - outputFramesProduced, 64)
        var consumed = 0
        var filled = false
        var output = try [Float](unsafeUninitializedCapacity: capacity * channelCount) { buffer, count in
            let step = try engine.process(input: input, inputFrames: frames, output: buffer.baseAddress!,
                                          outputFrames: capacity)
            count = step.produced * channelCount
            consumed = step.consumed
            filled = step.produced == capacity
            outputFramesProduced += step.produced
        }
        // Only if soxr left input behind or filled every slot: keep going in fixed blocks until it has nothing more.
        if consumed < frames || filled {
            let blockFrames = 4096
            var block = [Float](repeating: 0, count: blockFrames * channelCount)
            while true {
                let step = try block.withUnsafeMutableBufferPointer { buffer in
                    try engine.process(input: input.map { $0 + consumed * channelCount }, inputFrames: frames - consumed,
                                       output: buffer.baseAddress!, outputFrames: blockFrames)
                }
                output.append(contentsOf: block.prefix(step.produced * channelCount))
                consumed += step.consumed
                outputFramesProduced += step.produced
                if consumed >= frames && step.produced < blockFrames { break }
            }
        }
        return output
    }
}
