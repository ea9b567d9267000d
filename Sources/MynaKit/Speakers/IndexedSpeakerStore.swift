import Foundation
import MynaCore
import Synchronization

/// A shared registry (PostgreSQL) with an in-memory `SpeakerProfileIndex` that `SpeakerService.identify` searches,
/// kept fresh per call by the store's change count: each `index()` reads the count (one small query) and rebuilds
/// the index from `profiles()` only when another process or replica changed the registry since.
///
/// Every other method goes to the store as it is.
///
/// Thread-safety: `Sendable`; the cached index is swapped under a lock, concurrent callers that find it stale may
/// each rebuild it once.
public final class IndexedSpeakerStore: SpeakerRegistryBackend, Sendable {
    public let base: any VersionedSpeakerStore & SpeakerRegistryBackend
    private let cached = Mutex<SpeakerProfileIndex?>(nil)

    public init(_ base: any VersionedSpeakerStore & SpeakerRegistryBackend) {
        self.base = base
    }

    /// The index of the registry as it is now.
    public func index() throws -> SpeakerProfileIndex {
        let changes = try base.changeCount()
        if let index = cached.withLock({ $0 }), index.changeCount == changes { return index }
        // Profiles read after the count: a change committed in between leaves a newer index under an older count,
        // which the next call rebuilds; never an older index under a newer count.
        let index = SpeakerProfileIndex(profiles: try base.profiles(), changeCount: changes)
        cached.withLock { $0 = index }
        return index
    }

    public var location: String { base.location }
    public func profiles() throws -> [SpeakerProfile] { try base.profiles() }
    public func profile(named name: String) throws -> SpeakerProfile { try base.profile(named: name) }
    public func speakers() throws -> [SpeakerSummary] { try base.speakers() }
    public func speaker(named name: String) throws -> SpeakerDetails { try base.speaker(named: name) }
    public func enroll(name: String, encoder: EncoderModelIdentity, utterances: [UtteranceEnrolment], now: Date,
                       mode: EnrolmentMode) throws -> EnrolmentResult {
        try base.enroll(name: name, encoder: encoder, utterances: utterances, now: now, mode: mode)
    }
    @discardableResult
    public func remove(names: [String]) throws -> [SpeakerSummary] { try base.remove(names: names) }
    @discardableResult
    public func rename(_ name: String, to newName: String, now: Date) throws -> SpeakerSummary {
        try base.rename(name, to: newName, now: now)
    }
}
