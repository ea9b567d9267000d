import MynaCore

/// What a sound file holds, as read from its header.
public struct SoundFileInfo: Sendable, Hashable, Codable {
    /// Container: "WAV", "FLAC", "OGG", "MPEG", "AIFF", "RF64", …
    public var container: String
    /// Codec or sample format: "PCM 16-bit", "PCM 24-bit", "Float 32-bit", "FLAC 16-bit", "Vorbis", "Opus",
    /// "MPEG layer III", …
    public var codec: String
    /// Frames the header promises (for MP3 without a Xing/LAME header, libmpg123's estimate).
    public var frameCount: Int
    /// Frames per second, in Hz.
    public var sampleRate: Int
    /// Interleaved channels per frame.
    public var channelCount: Int

    public init(container: String, codec: String, frameCount: Int, sampleRate: Int, channelCount: Int) {
        self.container = container
        self.codec = codec
        self.frameCount = frameCount
        self.sampleRate = sampleRate
        self.channelCount = channelCount
    }

    public var format: AudioFormat { AudioFormat(sampleRate: sampleRate, channelCount: channelCount) }

    /// Length in seconds.
    public var duration: Double { sampleRate > 0 ? Double(frameCount) / Double(sampleRate) : 0 }
}
