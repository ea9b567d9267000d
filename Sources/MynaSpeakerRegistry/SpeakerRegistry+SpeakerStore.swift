import MynaCore

/// The SQLite registry is a `SpeakerStore`: `enroll`, `remove` and `rename` are the methods of
/// `SpeakerRegistry+Changes.swift`, `profiles` and `profile(named:)` those of `SpeakerRegistry+Queries.swift`.
extension SpeakerRegistry: SpeakerStore {
    /// The database file.
    public var location: String { path }
}
