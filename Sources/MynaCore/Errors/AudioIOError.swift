/// A failure reading, writing, capturing or playing audio. `description` is one line naming what and where.
public struct AudioIOError: Error, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        fileprivate enum Value: String { case notFound, notAFile, empty, unreadable, unsupportedFormat, truncated,
                                              invalidFormat, writeFailed, deviceNotFound, deviceBusy, deviceFailure,
                                              invalidArgument }
        fileprivate let value: Value
        public static let notFound = Code(value: .notFound)
        public static let notAFile = Code(value: .notAFile)
        public static let empty = Code(value: .empty)
        public static let unreadable = Code(value: .unreadable)
        public static let unsupportedFormat = Code(value: .unsupportedFormat)
        public static let truncated = Code(value: .truncated)
        /// A rate, channel count or sample format outside what Myna or the device accepts.
        public static let invalidFormat = Code(value: .invalidFormat)
        public static let writeFailed = Code(value: .writeFailed)
        public static let deviceNotFound = Code(value: .deviceNotFound)
        public static let deviceBusy = Code(value: .deviceBusy)
        public static let deviceFailure = Code(value: .deviceFailure)
        public static let invalidArgument = Code(value: .invalidArgument)
        public var description: String { value.rawValue }
    }

    public var code: Code
    /// The file path or device name the error is about.
    public var location: String
    /// What went wrong, in words (including the C call and its message where there is one).
    public var message: String

    public init(_ code: Code, location: String, message: String) {
        self.code = code
        self.location = location
        self.message = message
    }

    public var description: String { "\(location): \(message)" }
}
