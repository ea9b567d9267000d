// Audio events (`wyoming/audio.py`). Samples are signed little-endian PCM, `width` bytes each, `channels` interleaved.

extension Wyoming {
    /// `audio-start`: an audio stream begins, in this format.
    public struct AudioStart: EventBody, Equatable {
        public static let eventType = "audio-start"
        /// Samples per second, in Hz.
        public var rate: Int
        /// Bytes per sample: 1, 2 or 4.
        public var width: Int
        public var channels: Int
        /// Milliseconds since the stream began.
        public var timestamp: Int?

        public init(rate: Int, width: Int, channels: Int, timestamp: Int? = nil) {
            self.rate = rate
            self.width = width
            self.channels = channels
            self.timestamp = timestamp
        }
    }

    /// `audio-chunk`: PCM in the event's payload, with its format repeated.
    public struct AudioChunk: EventBody, Equatable {
        public static let eventType = "audio-chunk"
        public var rate: Int
        public var width: Int
        public var channels: Int
        /// Milliseconds since the stream began.
        public var timestamp: Int?

        public init(rate: Int, width: Int, channels: Int, timestamp: Int? = nil) {
            self.rate = rate
            self.width = width
            self.channels = channels
            self.timestamp = timestamp
        }
    }

    /// `audio-stop`: the stream is over.
    public struct AudioStop: EventBody, Equatable {
        public static let eventType = "audio-stop"
        /// Milliseconds since the stream began.
        public var timestamp: Int?

        public init(timestamp: Int? = nil) { self.timestamp = timestamp }
    }
}
