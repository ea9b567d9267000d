import MynaCore

/// Per-device knobs for `ALSAPlaybackDevice`; `.default` suits speech.
public struct ALSAPlaybackOptions: Sendable, Equatable {
    /// ALSA's own buffer, in seconds, split into four periods (0.2 s; the device may round it). Playback starts once
    /// it is full, so this is also the start-up latency.
    public var deviceBufferDuration: Double
    /// How much audio `write` may queue ahead of the playback thread before it waits, in seconds (1 s).
    public var queueDuration: Double

    public init(deviceBufferDuration: Double = 0.2, queueDuration: Double = 1) {
        self.deviceBufferDuration = deviceBufferDuration
        self.queueDuration = queueDuration
    }

    public static let `default` = ALSAPlaybackOptions()

    /// - Throws: `ConfigurationError` naming the field that is out of range.
    public func validate() throws {
        try ALSABufferDurations.validate(deviceBufferDuration: deviceBufferDuration, queueDuration: queueDuration,
                                         usualQueueDuration: Self.default.queueDuration)
    }
}
