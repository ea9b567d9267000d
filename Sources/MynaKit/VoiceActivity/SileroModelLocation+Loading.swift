import MynaVAD

extension SileroModelLocation {
    /// Resolves `nameOrPath` (see `resolve`) and loads the detector's weights, once, for any number of analyses.
    /// - Throws: `ConfigurationError` for a name or folder that holds no model; `WeightLoadingError` for bad weights.
    public static func loadDetector(_ nameOrPath: String, modelsDirectory: ModelsDirectory) throws -> SileroVoiceDetector {
        try SileroVoiceDetector(contentsOf: resolve(nameOrPath, modelsDirectory: modelsDirectory))
    }
}
