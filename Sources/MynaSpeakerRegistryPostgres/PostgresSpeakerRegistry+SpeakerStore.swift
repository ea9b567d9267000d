import MynaCore

/// The PostgreSQL registry is a `SpeakerStore`: `enroll`, `remove` and `rename` are the methods of
/// `PostgresSpeakerRegistry+Changes.swift`, `profiles` and `profile(named:)` those of `+Queries.swift`.
extension PostgresSpeakerRegistry: SpeakerStore {}
