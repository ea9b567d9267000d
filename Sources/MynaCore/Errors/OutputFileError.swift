/// A result file other than audio (a picture, a NumPy array) that could not be encoded or written.
///
/// `description` is one line: the path, then what went wrong (naming the C call and its message where there is
/// one), for example `out.png: cannot write: No such file or directory`.
public struct OutputFileError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is; new codes may be added (compare with `==`, do not switch exhaustively).
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        fileprivate enum Value: String { case encodingFailed, writeFailed, invalidDestination }
        fileprivate let value: Value
        /// The encoder (for example libpng) refused the data.
        public static let encodingFailed = Code(value: .encodingFailed)
        /// The file could not be created, written or moved into place.
        public static let writeFailed = Code(value: .writeFailed)
        /// The destination cannot be written at all (its folder is missing or read-only, it is a folder): found before
        /// any work is done, so it is the user's input that is wrong, not the system that failed.
        public static let invalidDestination = Code(value: .invalidDestination)
        public var description: String { value.rawValue }
    }

    public var code: Code
    /// The path of the file being written.
    public var location: String
    public var message: String

    public init(_ code: Code, location: String, message: String) {
        self.code = code
        self.location = location
        self.message = message
    }

    public var description: String { "\(location): \(message)" }
}
