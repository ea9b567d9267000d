import MynaCore

/// What an ALSA device agreed to after hardware-parameter negotiation.
struct ALSAStreamSetup: Sendable, Equatable {
    /// The device's rate (Hz) and channel count: the nearest it has to what was asked.
    var format: AudioFormat
    var sampleFormat: ALSASampleFormat
    /// Frames ALSA moves per interrupt; the unit of our reads and writes.
    var periodFrameCount: Int
    /// Frames of ALSA's own ring buffer.
    var bufferFrameCount: Int

    /// Bytes of one interleaved frame.
    var bytesPerFrame: Int { format.channelCount * sampleFormat.bytesPerSample }

    /// ALSA's buffer, in seconds.
    var bufferDuration: Double { Double(bufferFrameCount) / Double(format.sampleRate) }
}
