/// Maps interleaved frames from one channel count to another, the way a capture or playback device must when the
/// hardware has a different count than the caller asked for.
///
/// - Same count: copied.
/// - To mono: the mean of the channels (as `AudioBuffer.downmixedToMono`).
/// - From mono: the channel is copied into every output channel.
/// - Otherwise: the first `min(input, output)` channels are copied; further output channels are silent.
struct ChannelMapper: Sendable, Equatable {
    let inputChannelCount: Int
    let outputChannelCount: Int

    init(from inputChannelCount: Int, to outputChannelCount: Int) {
        precondition(inputChannelCount > 0 && outputChannelCount > 0, "channel counts must be positive")
        self.inputChannelCount = inputChannelCount
        self.outputChannelCount = outputChannelCount
    }

    var isIdentity: Bool { inputChannelCount == outputChannelCount }

    /// Maps `frameCount` frames: input holds `frameCount × inputChannelCount` samples, output receives
    /// `frameCount × outputChannelCount`.
    func map(_ input: UnsafePointer<Float>, frameCount: Int, into output: UnsafeMutablePointer<Float>) {
        let inputChannels = inputChannelCount
        let outputChannels = outputChannelCount
        if inputChannels == outputChannels {
            output.update(from: input, count: frameCount * inputChannels)
        } else if outputChannels == 1 {
            let scale = 1 / Float(inputChannels)
            for frame in 0..<frameCount {
                var sum: Float = 0
                let base = frame * inputChannels
                for channel in 0..<inputChannels { sum += input[base + channel] }
                output[frame] = sum * scale
            }
        } else if inputChannels == 1 {
            for frame in 0..<frameCount {
                let value = input[frame]
                let base = frame * outputChannels
                for channel in 0..<outputChannels { output[base + channel] = value }
            }
        } else {
            let shared = min(inputChannels, outputChannels)
            for frame in 0..<frameCount {
                let inputBase = frame * inputChannels
                let outputBase = frame * outputChannels
                for channel in 0..<shared { output[outputBase + channel] = input[inputBase + channel] }
                for channel in shared..<outputChannels { output[outputBase + channel] = 0 }
            }
        }
    }

    /// Convenience for tests and small buffers.
    func map(_ input: [Float]) -> [Float] {
        precondition(input.count % inputChannelCount == 0, "\(input.count) samples are not whole frames")
        let frames = input.count / inputChannelCount
        guard frames > 0 else { return [] }
        return [Float](unsafeUninitializedCapacity: frames * outputChannelCount) { output, count in
            input.withUnsafeBufferPointer { map($0.baseAddress!, frameCount: frames, into: output.baseAddress!) }
            count = frames * outputChannelCount
        }
    }
}
