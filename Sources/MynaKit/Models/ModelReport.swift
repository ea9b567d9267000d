/// The result of checking a models directory: one status per catalogued or installed model.
public struct ModelReport: Sendable, Hashable, Codable {
    /// The models directory that was checked.
    public var directory: String
    /// How that directory was chosen.
    public var directorySource: ModelsDirectory.Source
    /// Whether `directory/manifest.json` exists.
    public var hasManifest: Bool
    /// Catalogue models first, in catalogue order, then any extra models from the manifest.
    public var models: [ModelStatus]

    public init(directory: String, directorySource: ModelsDirectory.Source, hasManifest: Bool, models: [ModelStatus]) {
        self.directory = directory
        self.directorySource = directorySource
        self.hasManifest = hasManifest
        self.models = models
    }

    /// Installed models whose files are missing, different or unreadable.
    public var damagedModels: [ModelStatus] { models.filter { $0.state.isProblem } }
}
