/// A store that can say cheaply whether its speakers changed: a counter every change transaction increases, read
/// in one small query. A replica keeps an in-memory index of all profiles and, per request, rebuilds it only when
/// the counter moved (another replica enrolled, renamed or removed someone).
public protocol VersionedSpeakerStore: SpeakerStore {
    /// The number of changes committed so far; any change since a previous call gives a different number.
    func changeCount() throws -> Int64
}
