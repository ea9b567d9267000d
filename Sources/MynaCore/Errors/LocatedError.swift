/// The one shape of Myna's coded errors: a code to compare with `==`, the file, device, database or name the error is
/// about, and what went wrong in words. `description` is one line, `location: message`, for example
/// `out.png: cannot write: No such file or directory`.
///
/// Each kind of failure is this type with its own `Code` (`AudioIOError`, `OutputFileError`, `SpeakerRegistryError`),
/// so `catch let error as AudioIOError` still tells them apart while the stored fields and the line are written once.
public struct LocatedError<ErrorCode: Hashable & Sendable & CustomStringConvertible>: Error, Sendable, CustomStringConvertible {
    /// `AudioIOError.Code` and so on: the kinds of failure of this error.
    public typealias Code = ErrorCode

    public var code: Code
    /// The file path, device, database or name the error is about.
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
