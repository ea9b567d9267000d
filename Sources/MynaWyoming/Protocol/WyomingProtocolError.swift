/// Why a stream of events or one event was refused; `code` is what the `error` event's `code` carries.
public struct WyomingProtocolError: Error, Sendable, Equatable, CustomStringConvertible {
    public struct Code: RawRepresentable, Hashable, Sendable {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }

        /// The header line is not a JSON object with a string `type`, or a length is not a non-negative integer.
        public static let badHeader = Code(rawValue: "bad-header")
        /// The data block is not a JSON object.
        public static let badData = Code(rawValue: "bad-data")
        /// A header line, data block or payload over its limit (`WyomingFrameLimits`).
        public static let tooLarge = Code(rawValue: "too-large")
        /// The stream ended inside an event.
        public static let truncated = Code(rawValue: "truncated")
        /// An event's data lacks a field or has one of the wrong type.
        public static let invalidData = Code(rawValue: "invalid-data")
        /// An event that makes no sense here (`audio-chunk` before `audio-start`, …).
        public static let unexpectedEvent = Code(rawValue: "unexpected-event")
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code.rawValue): \(message)" }
}
