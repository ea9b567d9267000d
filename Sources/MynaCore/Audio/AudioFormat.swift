/// The shape of PCM audio: how many frames per second and how many interleaved channels per frame.
public struct AudioFormat: Hashable, Sendable, Codable, CustomStringConvertible {
    /// Frames per second, in Hz.
    public var sampleRate: Int
    /// Interleaved channels per frame.
    public var channelCount: Int

    /// The largest rate Myna accepts anywhere (768 kHz, the highest rate any consumer interface carries).
    public static let maximumSampleRate = 768_000
    /// The most channels Myna accepts anywhere (libsndfile's own limit is 1024; 64 covers every real recording).
    public static let maximumChannelCount = 64

    public init(sampleRate: Int, channelCount: Int) {
        self.sampleRate = sampleRate
        self.channelCount = channelCount
    }

    /// 16 kHz mono: what Whisper, Silero VAD and the speaker encoder consume.
    public static let speech16k = AudioFormat(sampleRate: 16_000, channelCount: 1)

    /// Whether the rate and channel count are within the ranges Myna accepts.
    public var isPlausible: Bool {
        (1...Self.maximumSampleRate).contains(sampleRate) && (1...Self.maximumChannelCount).contains(channelCount)
    }

    public var description: String {
        "\(sampleRate) Hz, \(channelCount == 1 ? "mono" : channelCount == 2 ? "stereo" : "\(channelCount) channels")"
    }
}
