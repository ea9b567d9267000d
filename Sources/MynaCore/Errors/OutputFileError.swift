/// A result file other than audio (a picture, a NumPy array) that could not be encoded or written.
///
/// `description` is one line: the path, then what went wrong (naming the C call and its message where there is
/// one), for example `out.png: cannot write: No such file or directory`.
public typealias OutputFileError = LocatedError<OutputFileErrorCode>

/// What kind of failure this is; new codes may be added (compare with `==`, do not switch exhaustively).
public struct OutputFileErrorCode: Hashable, Sendable, CustomStringConvertible {
    fileprivate enum Value: String { case encodingFailed, writeFailed, invalidDestination }
    fileprivate let value: Value
    /// The encoder (for example libpng) refused the data.
    public static let encodingFailed = Self(value: .encodingFailed)
    /// The file could not be created, written or moved into place.
    public static let writeFailed = Self(value: .writeFailed)
    /// The destination cannot be written at all (its folder is missing or read-only, it is a folder): found before
    /// any work is done, so it is the user's input that is wrong, not the system that failed.
    public static let invalidDestination = Self(value: .invalidDestination)
    public var description: String { value.rawValue }
}
