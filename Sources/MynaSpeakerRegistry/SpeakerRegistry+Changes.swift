import Foundation
import GRDB
import MynaCore

extension SpeakerRegistry {
    /// Adds `utterances` to speaker `name`, creating the speaker when new, and recomputes their profile (the
    /// normalised mean of all their utterance embeddings). One transaction: on any error nothing is written.
    /// - Throws: `.invalidName`; `.duplicateUtterance` when a file is given twice or is already enrolled (for anyone);
    ///   `.encoderMismatch` when the speaker was enrolled with another encoder; `.speakerExists` when `mode` is
    ///   `.createOnly` and the name is taken (checked inside the transaction); database failures.
    public func enroll(name: String, encoder: EncoderModelIdentity, utterances: [UtteranceEnrolment],
                       now: Date = Date(), mode: EnrolmentMode = .createOrAdd) throws -> EnrolmentResult {
        try enroll(name: name, encoder: encoder, utterances: utterances, now: now, mode: mode, afterInserting: { _ in })
    }

    /// `enroll` with a hook called inside the transaction after each utterance row is written (tests use it to fail
    /// half-way).
    func enroll(name: String, encoder: EncoderModelIdentity, utterances: [UtteranceEnrolment], now: Date,
                mode: EnrolmentMode = .createOrAdd, afterInserting: (Int) throws -> Void) throws -> EnrolmentResult {
        try SpeakerName.validate(name, location: path)
        precondition(!utterances.isEmpty, "SpeakerRegistry.enroll: no utterances")
        for utterance in utterances {
            precondition(utterance.embedding.dimension == encoder.dimension,
                         "SpeakerRegistry.enroll: a \(utterance.embedding.dimension)-d embedding for a \(encoder.dimension)-d encoder")
            try EmbeddingBlob.validate(utterance.embedding.values, location: utterance.sourceName, what: "embedding",
                                       code: .invalidArchive)
        }
        var seen: [String: String] = [:]
        for utterance in utterances {
            if let first = seen[utterance.audioSHA256] {
                throw SpeakerRegistryError(.duplicateUtterance, location: utterance.sourceName, message: """
                    same audio as \(first) (given twice); each recording is enrolled once
                    """)
            }
            seen[utterance.audioSHA256] = utterance.sourceName
        }
        return try translatingErrors {
            try pool.write { db in
                try recordEncoder(encoder, now: now, db)
                var speaker = try SpeakerRow.filter(Column("name") == name).fetchOne(db)
                if let speaker, mode == .createOnly {
                    throw SpeakerRegistryError(.speakerExists, location: path, message: """
                        a speaker named "\(speaker.name)" is enrolled already
                        """)
                }
                let before = try speaker.map { try EmbeddingBlob.decode($0.profile, dimension: $0.dimension, location: path,
                                                                        what: "speaker \"\($0.name)\"") }
                if let speaker, speaker.encoderModelID != encoder.id {
                    throw SpeakerRegistryError(.encoderMismatch, location: path, message: """
                        "\(speaker.name)" was enrolled with encoder \(speaker.encoderModelID.prefix(12))…, this is \
                        \(encoder.id.prefix(12))… (\(encoder.fileName)); embeddings of different encoders cannot be \
                        mixed: use that encoder (--encoder), or remove the speaker and enrol again
                        """)
                }
                for utterance in utterances { try checkNotEnrolled(utterance, db) }
                let created = speaker == nil
                if speaker == nil {
                    var row = SpeakerRow(id: nil, name: name, encoderModelID: encoder.id, dimension: encoder.dimension,
                                         profile: EmbeddingBlob.encode(utterances[0].embedding), createdAt: now, updatedAt: now)
                    try row.insert(db)
                    speaker = row
                }
                let speakerID = speaker!.id!
                for (index, utterance) in utterances.enumerated() {
                    var row = UtteranceRow(id: nil, speakerId: speakerID, embedding: EmbeddingBlob.encode(utterance.embedding),
                                           speechSeconds: utterance.speechSeconds, sourceName: utterance.sourceName,
                                           audioSHA256: utterance.audioSHA256, trimmed: utterance.trimmed,
                                           encoderModelID: encoder.id, enrolledAt: now)
                    try row.insert(db)
                    try afterInserting(index)
                }
                let profile = try updateProfile(of: &speaker!, now: now, db)
                return EnrolmentResult(speaker: try summary(of: speaker!, db), created: created,
                                       addedUtterances: utterances.count,
                                       profileChange: before.map { $0.cosineSimilarity(profile) })
            }
        }
    }

    /// Deletes speaker `name` and their utterances. - Throws: `.unknownSpeaker`.
    @discardableResult
    public func remove(name: String) throws -> SpeakerSummary { try remove(names: [name])[0] }

    /// Deletes the speakers `names` and their utterances in one transaction: if one name is unknown, nothing is
    /// deleted. - Throws: `.unknownSpeaker`.
    @discardableResult
    public func remove(names: [String]) throws -> [SpeakerSummary] {
        try translatingErrors {
            try pool.write { db in
                // Every name is looked up before any is deleted, so an unknown name's error lists who is enrolled.
                let rows = try names.map { try speakerRow(named: $0, db) }
                return try rows.map { row in
                    let removed = try summary(of: row, db)
                    _ = try row.delete(db)
                    return removed
                }
            }
        }
    }

    /// Renames speaker `name` to `newName` (a change of case only is allowed).
    /// - Throws: `.unknownSpeaker`, `.invalidName`, `.speakerExists`.
    @discardableResult
    public func rename(_ name: String, to newName: String, now: Date = Date()) throws -> SpeakerSummary {
        try SpeakerName.validate(newName, location: path)
        return try translatingErrors {
            try pool.write { db in
                var row = try speakerRow(named: name, db)
                if let other = try SpeakerRow.filter(Column("name") == newName).fetchOne(db), other.id != row.id {
                    throw SpeakerRegistryError(.speakerExists, location: path, message: """
                        a speaker named "\(other.name)" already exists; remove or rename them first
                        """)
                }
                row.name = newName
                row.updatedAt = now
                try row.update(db)
                return try summary(of: row, db)
            }
        }
    }

    // MARK: - Helpers

    func recordEncoder(_ encoder: EncoderModelIdentity, now: Date, _ db: Database) throws {
        if try EncoderModelRow.exists(db, key: encoder.id) { return }
        try EncoderModelRow(id: encoder.id, fileName: encoder.fileName, dimension: encoder.dimension, firstUsedAt: now).insert(db)
    }

    func checkNotEnrolled(_ utterance: UtteranceEnrolment, _ db: Database) throws {
        guard let existing = try UtteranceRow.filter(Column("audioSHA256") == utterance.audioSHA256).fetchOne(db) else { return }
        let owner = try SpeakerRow.fetchOne(db, key: existing.speakerId)?.name ?? "?"
        throw SpeakerRegistryError(.duplicateUtterance, location: utterance.sourceName, message: """
            this recording is already enrolled for "\(owner)" (as \(existing.sourceName)); each recording is enrolled once
            """)
    }

    /// Recomputes `speaker`'s profile from all their utterances and saves it; returns it.
    @discardableResult
    func updateProfile(of speaker: inout SpeakerRow, now: Date, _ db: Database) throws -> SpeakerEmbedding {
        let rows = try UtteranceRow.filter(Column("speakerId") == speaker.id!).fetchAll(db)
        let dimension = speaker.dimension, name = speaker.name
        let embeddings = try rows.map {
            try EmbeddingBlob.decode($0.embedding, dimension: dimension, location: path, what: "utterance \($0.sourceName) of \"\(name)\"")
        }
        let profile = SpeakerEmbedding.mean(embeddings)!
        speaker.profile = EmbeddingBlob.encode(profile)
        speaker.updatedAt = now
        try speaker.update(db)
        return profile
    }
}
