/// One PCM device as ALSA's configuration describes it (`snd_device_name_hint`): what to pass as `--device`, and
/// what it is.
public struct ALSADevice: Sendable, Codable, Hashable {
    /// Which way audio can flow through a device.
    public enum Direction: String, Sendable, Codable, Hashable {
        case capture, playback
        /// The hint names no direction: the device is listed for both.
        case both
    }

    /// The name to open (`default`, `hw:CARD=PCH,DEV=0`, `plughw:CARD=PCH,DEV=0`, `null`, a PCM from ~/.asoundrc).
    public var name: String
    /// ALSA's description, on one line ("HDA Intel PCH, ALC892 Analog, Front speakers"); empty when there is none.
    public var description: String
    public var direction: Direction

    public init(name: String, description: String, direction: Direction) {
        self.name = name
        self.description = description
        self.direction = direction
    }

    /// Whether the device can record.
    public var canCapture: Bool { direction != .playback }
    /// Whether the device can play.
    public var canPlay: Bool { direction != .capture }

    /// The device name used when none is given: ALSA's `default` PCM (the sound server, or the first card).
    public static let defaultName = "default"
}
