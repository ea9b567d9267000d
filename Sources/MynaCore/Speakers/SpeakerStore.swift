import Foundation

/// Where enrolled speakers are kept: what speaker verification and identification read, and what enrolment changes.
///
/// The SQLite registry (`MynaSpeakerRegistry.SpeakerRegistry`) is one implementation; another backend (PostgreSQL, an
/// in-memory fake in tests) is a new type conforming to this, with no change to the code that decides. The protocol
/// and its value types live in MynaCore so that a backend depends on MynaCore only, not on SQLite.
///
/// Contract, whatever the backend:
/// - Names are unique without regard to ASCII case, and lookups ignore ASCII case; names follow `SpeakerName`.
/// - A speaker's profile is the normalised mean of all their utterance embeddings (`SpeakerEmbedding.mean`).
/// - Each change is one transaction: on any error nothing is changed.
/// - Failures are `SpeakerRegistryError`s (`.unknownSpeaker` worded by `SpeakerRegistryError.unknownSpeaker`,
///   `.duplicateUtterance`, `.encoderMismatch`, `.speakerExists`, `.invalidName`, or database-level codes).
///
/// Thread-safety: conforming types are `Sendable`; every method may be called from any thread.
public protocol SpeakerStore: Sendable {
    /// Where the speakers are (a file path, a URL), named in errors and reports.
    var location: String { get }

    /// Every speaker's profile, sorted by name (case-insensitively); empty when nobody is enrolled.
    func profiles() throws -> [SpeakerProfile]

    /// The profile of `name`. - Throws: `.unknownSpeaker`.
    func profile(named name: String) throws -> SpeakerProfile

    /// Adds `utterances` to speaker `name` (created when new) and recomputes their profile, in one transaction.
    /// With `mode` `.createOnly`, a taken name is `.speakerExists`, decided inside that transaction, so of two
    /// enrolments of one new name at once exactly one creates the speaker and the other fails.
    /// - Throws: `.invalidName`; `.duplicateUtterance` when an utterance (by `audioSHA256`) is given twice or is already
    ///   enrolled for anyone; `.encoderMismatch` when the speaker was enrolled with another encoder; `.speakerExists`.
    func enroll(name: String, encoder: EncoderModelIdentity, utterances: [UtteranceEnrolment], now: Date,
                mode: EnrolmentMode) throws -> EnrolmentResult

    /// Deletes the speakers `names` and their utterances in one transaction. - Throws: `.unknownSpeaker`.
    @discardableResult
    func remove(names: [String]) throws -> [SpeakerSummary]

    /// Renames `name` to `newName` (a change of case only is allowed).
    /// - Throws: `.unknownSpeaker`, `.invalidName`, `.speakerExists`.
    @discardableResult
    func rename(_ name: String, to newName: String, now: Date) throws -> SpeakerSummary
}

/// Whether an enrolment may add recordings to a speaker who exists (`myna enroll`) or must create a new one (the
/// server's `POST /v1/speakers` without `add=true`).
public enum EnrolmentMode: Sendable {
    case createOrAdd
    case createOnly
}

extension SpeakerStore {
    /// `enroll(name:encoder:utterances:now:mode:)` creating the speaker or adding to them.
    public func enroll(name: String, encoder: EncoderModelIdentity, utterances: [UtteranceEnrolment],
                       now: Date) throws -> EnrolmentResult {
        try enroll(name: name, encoder: encoder, utterances: utterances, now: now, mode: .createOrAdd)
    }
}
