/// The capture and playback devices ALSA's configuration lists, and the sound cards present.
///
/// Read with `ALSADeviceList.current()`. On a machine without a sound card the card list is empty and the device lists
/// hold only what the configuration defines (typically `null`).
public struct ALSADeviceList: Sendable, Codable, Hashable {
    /// Devices that can record, in ALSA's order.
    public var capture: [ALSADevice]
    /// Devices that can play, in ALSA's order.
    public var playback: [ALSADevice]
    public var cards: [ALSACard]

    public init(capture: [ALSADevice], playback: [ALSADevice], cards: [ALSACard]) {
        self.capture = capture
        self.playback = playback
        self.cards = cards
    }

    /// Splits hinted devices into the capture and playback lists (a device without a direction goes into both).
    public init(devices: [ALSADevice], cards: [ALSACard]) {
        self.init(capture: devices.filter(\.canCapture), playback: devices.filter(\.canPlay), cards: cards)
    }
}
