/// What checking one installed model file found.
public struct ModelFileStatus: Sendable, Hashable, Codable {
    public enum State: String, Sendable, Hashable, Codable {
        /// Size and SHA-256 match the manifest.
        case ok
        /// Present, but its size or SHA-256 differs from the manifest.
        case mismatch
        /// Listed in the manifest but not on disk.
        case missing
        /// Present but could not be read.
        case unreadable
    }

    /// File name inside the model's directory.
    public var name: String
    /// Full path.
    public var path: String
    public var state: State
    /// Size the manifest records, in bytes.
    public var expectedSize: Int64
    /// Size on disk, in bytes; nil when missing.
    public var size: Int64?
    /// SHA-256 the manifest records, lowercase hex.
    public var expectedSHA256: String
    /// SHA-256 of the file on disk; nil when missing, unreadable, or not hashed because the size already differs.
    public var sha256: String?
    /// Why the state is not `ok`, in words; nil when it is.
    public var problem: String?

    public init(name: String, path: String, state: State, expectedSize: Int64, size: Int64?,
                expectedSHA256: String, sha256: String?, problem: String?) {
        self.name = name
        self.path = path
        self.state = state
        self.expectedSize = expectedSize
        self.size = size
        self.expectedSHA256 = expectedSHA256
        self.sha256 = sha256
        self.problem = problem
    }
}
