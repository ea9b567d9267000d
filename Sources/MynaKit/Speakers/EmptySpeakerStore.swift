import Foundation
import MynaCore

/// A store with nobody enrolled and nothing to change: what reading a speaker database that does not exist yet sees
/// (no file is created just to say so), and what embedding alone needs.
///
/// Thread-safety: immutable and `Sendable`.
public struct EmptySpeakerStore: SpeakerStore {
    public let location: String

    /// `location` names the missing database in errors.
    public init(location: String = "speaker store") {
        self.location = location
    }

    public func profiles() throws -> [SpeakerProfile] { [] }

    public func profile(named name: String) throws -> SpeakerProfile {
        throw SpeakerRegistryError.unknownSpeaker(name, enrolled: [], location: location)
    }

    /// - Throws: `.readOnly`: open the database for writing to enrol.
    public func enroll(name: String, encoder: EncoderModelIdentity, utterances: [UtteranceEnrolment], now: Date,
                       mode: EnrolmentMode) throws -> EnrolmentResult {
        throw SpeakerRegistryError(.readOnly, location: location, message: "nothing can be enrolled here; open a speaker database for writing")
    }

    public func remove(names: [String]) throws -> [SpeakerSummary] {
        guard let first = names.first else { return [] }
        throw SpeakerRegistryError.unknownSpeaker(first, enrolled: [], location: location)
    }

    public func rename(_ name: String, to newName: String, now: Date) throws -> SpeakerSummary {
        throw SpeakerRegistryError.unknownSpeaker(name, enrolled: [], location: location)
    }
}
