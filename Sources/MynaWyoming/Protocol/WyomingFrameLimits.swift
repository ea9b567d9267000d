/// The most a peer may send in one event; past it the stream is refused, before the bytes are buffered.
public struct WyomingFrameLimits: Sendable, Equatable {
    /// Bytes of the JSON header line, newline excluded (a header holds a type, lengths, a version and small inline
    /// data: 64 KiB is generous).
    public var headerBytes: Int
    /// Bytes of the data block (1 MiB: room for a long text to synthesize, a large `info`).
    public var dataBytes: Int
    /// Bytes of a payload (16 MiB: about 8.7 minutes of 16 kHz 16-bit mono in one chunk; clients send ~64 ms).
    public var payloadBytes: Int

    public init(headerBytes: Int = 64 * 1024, dataBytes: Int = 1024 * 1024, payloadBytes: Int = 16 * 1024 * 1024) {
        self.headerBytes = headerBytes
        self.dataBytes = dataBytes
        self.payloadBytes = payloadBytes
    }

    public static let `default` = WyomingFrameLimits()
}
