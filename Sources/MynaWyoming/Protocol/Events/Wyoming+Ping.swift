// Liveness (`wyoming/ping.py`) and failures (`wyoming/error.py`).

extension Wyoming {
    /// `ping`: asks for a `pong` carrying the same text.
    public struct Ping: EventBody, Equatable {
        public static let eventType = "ping"
        public var text: String?

        public init(text: String? = nil) { self.text = text }
    }

    /// `pong`: the answer to `ping`.
    public struct Pong: EventBody, Equatable {
        public static let eventType = "pong"
        public var text: String?

        public init(text: String? = nil) { self.text = text }
    }

    /// `error`: what went wrong, for a person (`text`) and a program (`code`).
    public struct Error: EventBody, Equatable {
        public static let eventType = "error"
        public var text: String
        public var code: String?

        public init(text: String, code: String? = nil) {
            self.text = text
            self.code = code
        }
    }
}
