internal import Crypto

/// SHA-256 (FIPS 180-4), fed incrementally: Myna's name for swift-crypto's `SHA256` (BoringSSL's implementation on
/// Linux, with its SHA-NI/AVX2 assembly), returning Myna's `SHA256Digest`. Crypto stays an internal import of
/// MynaKit, so its `SHA256` never clashes with this one in callers.
///
/// Feed bytes with `update(_:)` in pieces of any size, then call `finalize()` once.
///
/// A value type; not thread-safe to mutate from several tasks at once (like any `var`), but `Sendable`.
public struct SHA256: @unchecked Sendable {
    // @unchecked: Crypto's SHA256 is not marked Sendable, but it is a value with copy-on-write state (its digest
    // context is copied before a shared one is mutated), so sending a copy to another task shares nothing mutable.
    private var hasher = Crypto.SHA256()

    /// Bytes per message block.
    public static let blockByteCount = 64
    /// Bytes in a digest.
    public static let digestByteCount = 32

    public init() {}

    /// Appends `bytes` to the message.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        hasher.update(bufferPointer: bytes)
    }

    /// Appends `bytes` to the message.
    public mutating func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update($0) }
    }

    /// Pads the message and returns its digest. The hasher must not be used afterwards.
    public mutating func finalize() -> SHA256Digest {
        SHA256Digest(bytes: Array(hasher.finalize()))
    }

    /// The digest of `bytes` in one call.
    public static func hash(_ bytes: [UInt8]) -> SHA256Digest {
        var hasher = SHA256()
        hasher.update(bytes)
        return hasher.finalize()
    }

    /// The digest of `bytes` in one call.
    public static func hash(_ bytes: UnsafeRawBufferPointer) -> SHA256Digest {
        var hasher = SHA256()
        hasher.update(bytes)
        return hasher.finalize()
    }
}
