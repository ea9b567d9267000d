import MynaCore

/// Per-device knobs for `ALSACaptureDevice`; `.default` suits live speech.
public struct ALSACaptureOptions: Sendable, Equatable {
    /// What happens when the reader falls behind and the queue between the capture thread and `read` is full.
    public enum OverflowPolicy: String, Sendable, Equatable {
        /// The oldest queued audio is dropped to make room and counted in `droppedFrameCount`: latency stays bounded
        /// and the newest audio is kept (what a live pipeline wants).
        case dropOldest
        /// The capture thread waits for the reader. Nothing is lost between ALSA and the reader, but a reader that
        /// stays behind longer than ALSA's own buffer makes the device overrun (counted in `overrunCount`). Suits
        /// recording to a file, and sources that deliver faster than real time (ALSA's `null` and `file` PCMs).
        case waitForReader
    }

    /// ALSA's own buffer, in seconds, split into four periods (0.2 s: 50 ms periods, the usual compromise between
    /// latency and overrun safety on a busy machine; the device may round it).
    public var deviceBufferDuration: Double
    /// How much captured audio may wait for a slow reader, in seconds (10 s).
    public var queueDuration: Double
    public var overflowPolicy: OverflowPolicy

    public init(deviceBufferDuration: Double = 0.2, queueDuration: Double = 10,
                overflowPolicy: OverflowPolicy = .dropOldest) {
        self.deviceBufferDuration = deviceBufferDuration
        self.queueDuration = queueDuration
        self.overflowPolicy = overflowPolicy
    }

    public static let `default` = ALSACaptureOptions()

    /// - Throws: `ConfigurationError` naming the field that is out of range.
    public func validate() throws {
        try ALSABufferDurations.validate(deviceBufferDuration: deviceBufferDuration, queueDuration: queueDuration,
                                         usualQueueDuration: Self.default.queueDuration)
    }
}
