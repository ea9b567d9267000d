/// A failure reading, writing, capturing or playing audio. `description` is one line naming what and where.
public typealias AudioIOError = LocatedError<AudioIOErrorCode>

public struct AudioIOErrorCode: Hashable, Sendable, CustomStringConvertible {
    fileprivate enum Value: String { case notFound, notAFile, empty, unreadable, unsupportedFormat, truncated,
                                          invalidFormat, writeFailed, deviceNotFound, deviceBusy, deviceFailure,
                                          invalidArgument }
    fileprivate let value: Value
    public static let notFound = Self(value: .notFound)
    public static let notAFile = Self(value: .notAFile)
    public static let empty = Self(value: .empty)
    public static let unreadable = Self(value: .unreadable)
    public static let unsupportedFormat = Self(value: .unsupportedFormat)
    public static let truncated = Self(value: .truncated)
    /// A rate, channel count or sample format outside what Myna or the device accepts.
    public static let invalidFormat = Self(value: .invalidFormat)
    public static let writeFailed = Self(value: .writeFailed)
    public static let deviceNotFound = Self(value: .deviceNotFound)
    public static let deviceBusy = Self(value: .deviceBusy)
    public static let deviceFailure = Self(value: .deviceFailure)
    public static let invalidArgument = Self(value: .invalidArgument)
    public var description: String { value.rawValue }
}
