/// Interleaved Float32 PCM, nominally in [-1, 1], with its format.
///
/// A value type: copying is cheap until one copy is mutated (copy-on-write storage).
public struct AudioBuffer: Sendable, Equatable {
    public var format: AudioFormat
    /// Interleaved samples: frame 0 channel 0, frame 0 channel 1, …; `samples.count` is a multiple of `format.channelCount`.
    public var samples: [Float]

    public init(format: AudioFormat, samples: [Float]) {
        precondition(format.channelCount > 0 && samples.count % format.channelCount == 0,
                     "sample count \(samples.count) is not a multiple of \(format.channelCount) channels")
        self.format = format
        self.samples = samples
    }

    /// Mono audio at `sampleRate`.
    public init(mono samples: [Float], sampleRate: Int) {
        self.init(format: AudioFormat(sampleRate: sampleRate, channelCount: 1), samples: samples)
    }

    public var frameCount: Int { samples.count / format.channelCount }

    /// Length in seconds.
    public var duration: Double { Double(frameCount) / Double(format.sampleRate) }

    public var isEmpty: Bool { samples.isEmpty }

    /// The mean of the channels of each frame (the usual downmix, as libsndfile, soxr and Whisper front ends do).
    public func downmixedToMono() -> AudioBuffer {
        let channels = format.channelCount
        guard channels > 1 else { return self }
        let frames = frameCount
        let scale = 1 / Float(channels)
        let mono = [Float](unsafeUninitializedCapacity: frames) { out, count in
            samples.withUnsafeBufferPointer { input in
                for frame in 0..<frames {
                    var sum: Float = 0
                    let base = frame * channels
                    for channel in 0..<channels { sum += input[base + channel] }
                    out[frame] = sum * scale
                }
            }
            count = frames
        }
        return AudioBuffer(format: AudioFormat(sampleRate: format.sampleRate, channelCount: 1), samples: mono)
    }

    /// Appends another buffer of the same format.
    public mutating func append(_ other: AudioBuffer) {
        precondition(other.format == format, "cannot append \(other.format) audio to \(format) audio")
        samples.append(contentsOf: other.samples)
    }
}
