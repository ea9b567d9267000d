import Foundation
import MynaCore

/// A `SpeakerStore` in a dictionary: proves `SpeakerService` needs no SQLite, and lets tests plant speakers (another
/// encoder's, for example). Follows the protocol's contract: names unique without regard to ASCII case, profile the
/// normalised mean of the utterances, each change all or nothing.
final class InMemorySpeakerStore: SpeakerStore, @unchecked Sendable {
    struct Speaker {
        var name: String
        var encoderModelID: String
        var utterances: [UtteranceEnrolment]
        var createdAt: Date
        var updatedAt: Date

        var profile: SpeakerEmbedding { SpeakerEmbedding.mean(utterances.map(\.embedding))! }
        var summary: SpeakerSummary {
            SpeakerSummary(name: name, encoderModelID: encoderModelID, utteranceCount: utterances.count,
                           speechSeconds: utterances.reduce(0) { $0 + $1.speechSeconds }, createdAt: createdAt, updatedAt: updatedAt)
        }
    }

    let location = "memory"
    private let lock = NSLock()
    private var speakers: [String: Speaker] = [:]  // by lower-cased name; guarded by `lock`

    private func locked<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }

    private func speaker(_ name: String) throws -> Speaker {
        guard let speaker = speakers[name.lowercased()] else {
            throw SpeakerRegistryError.unknownSpeaker(name, enrolled: speakers.values.map(\.name).sorted(), location: location)
        }
        return speaker
    }

    /// Puts a speaker in directly (no checks), as another process or another encoder would have left them.
    func plant(_ name: String, encoderModelID: String, utterances: [UtteranceEnrolment]) {
        locked { speakers[name.lowercased()] = Speaker(name: name, encoderModelID: encoderModelID, utterances: utterances,
                                                      createdAt: Date(), updatedAt: Date()) }
    }

    func profiles() throws -> [SpeakerProfile] {
        locked {
            speakers.values.sorted { $0.name.lowercased() < $1.name.lowercased() }.map {
                SpeakerProfile(name: $0.name, encoderModelID: $0.encoderModelID, embedding: $0.profile, utteranceCount: $0.utterances.count)
            }
        }
    }

    func profile(named name: String) throws -> SpeakerProfile {
        try locked {
            let speaker = try speaker(name)
            return SpeakerProfile(name: speaker.name, encoderModelID: speaker.encoderModelID, embedding: speaker.profile,
                                  utteranceCount: speaker.utterances.count)
        }
    }

    func enroll(name: String, encoder: EncoderModelIdentity, utterances: [UtteranceEnrolment], now: Date,
                mode: EnrolmentMode) throws -> EnrolmentResult {
        try SpeakerName.validate(name, location: location)
        return try locked {
            let enrolled = Set(speakers.values.flatMap { $0.utterances.map(\.audioSHA256) })
            var given = Set<String>()
            for utterance in utterances where enrolled.contains(utterance.audioSHA256) || !given.insert(utterance.audioSHA256).inserted {
                throw SpeakerRegistryError(.duplicateUtterance, location: utterance.sourceName, message: "already enrolled")
            }
            let existing = speakers[name.lowercased()]
            if let existing, mode == .createOnly {
                throw SpeakerRegistryError(.speakerExists, location: location, message: "\"\(existing.name)\" is enrolled already")
            }
            if let existing, existing.encoderModelID != encoder.id {
                throw SpeakerRegistryError(.encoderMismatch, location: location, message: "\"\(existing.name)\" has another encoder")
            }
            var speaker = existing ?? Speaker(name: name, encoderModelID: encoder.id, utterances: [], createdAt: now, updatedAt: now)
            let before = existing?.profile
            speaker.utterances += utterances
            speaker.updatedAt = now
            speakers[name.lowercased()] = speaker
            return EnrolmentResult(speaker: speaker.summary, created: existing == nil, addedUtterances: utterances.count,
                                   profileChange: before.map { $0.cosineSimilarity(speaker.profile) })
        }
    }

    func remove(names: [String]) throws -> [SpeakerSummary] {
        try locked {
            let removed = try names.map { try speaker($0) }
            for speaker in removed { speakers[speaker.name.lowercased()] = nil }
            return removed.map(\.summary)
        }
    }

    func rename(_ name: String, to newName: String, now: Date) throws -> SpeakerSummary {
        try SpeakerName.validate(newName, location: location)
        return try locked {
            var speaker = try speaker(name)
            if let other = speakers[newName.lowercased()], other.name.lowercased() != name.lowercased() {
                throw SpeakerRegistryError(.speakerExists, location: location, message: "\"\(other.name)\" exists")
            }
            speakers[name.lowercased()] = nil
            speaker.name = newName
            speaker.updatedAt = now
            speakers[newName.lowercased()] = speaker
            return speaker.summary
        }
    }
}
