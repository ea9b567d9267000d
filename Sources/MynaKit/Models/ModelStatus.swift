/// What checking one model found: installed or not, and whether every file matches the manifest.
public struct ModelStatus: Sendable, Hashable, Codable {
    public enum State: String, Sendable, Hashable, Codable {
        /// Installed; every file's size and SHA-256 match the manifest.
        case ok
        /// Installed, but at least one file differs from the manifest or cannot be read.
        case mismatch
        /// Installed according to the manifest, but at least one of its files is gone.
        case missing
        /// In the catalogue, not in the manifest.
        case notInstalled = "not installed"

        /// Whether this state means the installation is damaged (the command reporting it should fail).
        public var isProblem: Bool { self == .mismatch || self == .missing }
    }

    public var name: String
    public var role: String
    public var state: State
    /// The model's directory (where it is or would be installed).
    public var path: String
    /// Whether Myna's built-in catalogue knows this model (false for extra models listed only in the manifest).
    public var isCatalogued: Bool
    /// The wheels it came from (installed) or would come from (not installed).
    public var packages: [ModelPackage]
    /// Sum of the sizes the manifest records, in bytes; 0 when not installed.
    public var size: Int64
    /// Per-file results; empty when not installed.
    public var files: [ModelFileStatus]

    public init(name: String, role: String, state: State, path: String, isCatalogued: Bool,
                packages: [ModelPackage], size: Int64, files: [ModelFileStatus]) {
        self.name = name
        self.role = role
        self.state = state
        self.path = path
        self.isCatalogued = isCatalogued
        self.packages = packages
        self.size = size
        self.files = files
    }
}
