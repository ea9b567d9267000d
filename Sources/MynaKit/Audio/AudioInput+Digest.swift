import MynaCore

extension AudioInput {
    /// SHA-256 of the input's bytes: the file's or the upload's bytes, or the decoded samples (`Float32`, native
    /// order) for `.samples`. The speaker registry uses it to refuse the same recording twice.
    /// - Throws: `AudioIOError` when the file cannot be read.
    public func sha256() throws -> SHA256Digest {
        switch self {
        case .file(let path): try SHA256.hash(fileAt: path)
        case .encoded(let data, _): data.withUnsafeBytes { SHA256.hash($0) }
        case .samples(let buffer, _): buffer.samples.withUnsafeBytes { SHA256.hash($0) }
        }
    }
}
