import Foundation
import MynaCore
import PostgresNIO

extension PostgresSpeakerRegistry {
    /// Adds `utterances` to speaker `name`, creating the speaker when new, and recomputes their profile, in one
    /// transaction (the contract of `SpeakerStore.enroll`).
    public func enroll(name: String, encoder: EncoderModelIdentity, utterances: [UtteranceEnrolment],
                       now: Date = Date(), mode: EnrolmentMode = .createOrAdd) throws -> EnrolmentResult {
        try enroll(name: name, encoder: encoder, utterances: utterances, now: now, mode: mode, afterInserting: { _ in })
    }

    /// `enroll` with a hook called inside the transaction after each utterance row is written (tests use it to fail
    /// half-way).
    func enroll(name: String, encoder: EncoderModelIdentity, utterances: [UtteranceEnrolment], now: Date,
                mode: EnrolmentMode = .createOrAdd, afterInserting: (Int) throws -> Void) throws -> EnrolmentResult {
        let location = self.location
        try SpeakerName.validate(name, location: location)
        precondition(!utterances.isEmpty, "PostgresSpeakerRegistry.enroll: no utterances")
        var seen: [String: String] = [:]
        for utterance in utterances {
            precondition(utterance.embedding.dimension == encoder.dimension,
                         "PostgresSpeakerRegistry.enroll: a \(utterance.embedding.dimension)-d embedding for a \(encoder.dimension)-d encoder")
            try SpeakerEmbedding.validateStored(utterance.embedding.values, location: utterance.sourceName,
                                                what: "embedding", code: .invalidArchive)
            if let first = seen[utterance.audioSHA256] {
                throw SpeakerRegistryError(.duplicateUtterance, location: utterance.sourceName, message: """
                    same audio as \(first) (given twice); each recording is enrolled once
                    """)
            }
            seen[utterance.audioSHA256] = utterance.sourceName
        }
        return try changing { connection in
            try recordEncoder(encoder, now: now, on: connection)
            let existing = try speakerRow(matching: name, on: connection)
            if let existing, mode == .createOnly {
                throw SpeakerRegistryError(.speakerExists, location: location, message: """
                    a speaker named "\(existing.name)" is enrolled already
                    """)
            }
            if let existing, existing.encoderModelID != encoder.id {
                throw SpeakerRegistryError(.encoderMismatch, location: location, message: """
                    "\(existing.name)" was enrolled with encoder \(existing.encoderModelID.prefix(12))…, this is \
                    \(encoder.id.prefix(12))… (\(encoder.fileName)); embeddings of different encoders cannot be \
                    mixed: use that encoder (--encoder), or remove the speaker and enrol again
                    """)
            }
            for utterance in utterances { try checkNotEnrolled(utterance, on: connection) }
            let speaker: SpeakerRow
            if let existing {
                speaker = existing
            } else {
                let rows = try connections.rows("""
                    INSERT INTO myna_speaker (name, encoder_model_id, dimension, profile, created_at, updated_at)
                    VALUES (\(name), \(encoder.id), \(encoder.dimension), \(utterances[0].embedding.values), \(now), \(now))
                    RETURNING \(unescaped: SpeakerRow.columns)
                    """, on: connection)
                speaker = try SpeakerRow(rows[0], location: location)
            }
            for (index, utterance) in utterances.enumerated() {
                try connections.execute("""
                    INSERT INTO myna_utterance (speaker_id, embedding, speech_seconds, source_name, audio_sha256,
                                                trimmed, encoder_model_id, enrolled_at)
                    VALUES (\(speaker.id), \(utterance.embedding.values), \(utterance.speechSeconds), \(utterance.sourceName),
                            \(utterance.audioSHA256), \(utterance.trimmed), \(encoder.id), \(now))
                    """, on: connection)
                try afterInserting(index)
            }
            let profile = try updateProfile(of: speaker, now: now, on: connection)
            return EnrolmentResult(speaker: try summary(of: speaker.id, on: connection), created: existing == nil,
                                   addedUtterances: utterances.count,
                                   profileChange: existing.map { $0.profile.cosineSimilarity(profile) })
        }
    }

    /// Deletes the speakers `names` and their utterances in one transaction: if one name is unknown, nothing is
    /// deleted. - Throws: `.unknownSpeaker`.
    @discardableResult
    public func remove(names: [String]) throws -> [SpeakerSummary] {
        try changing { connection in
            // Every name is looked up before any is deleted, so an unknown name's error lists who is enrolled.
            let rows = try names.map { try requireSpeakerRow(named: $0, on: connection) }
            return try rows.map { row in
                let removed = try summary(of: row.id, on: connection)
                try connections.execute("DELETE FROM myna_speaker WHERE id = \(row.id)", on: connection)
                return removed
            }
        }
    }

    /// Renames speaker `name` to `newName` (a change of case only is allowed).
    /// - Throws: `.unknownSpeaker`, `.invalidName`, `.speakerExists`.
    @discardableResult
    public func rename(_ name: String, to newName: String, now: Date = Date()) throws -> SpeakerSummary {
        try SpeakerName.validate(newName, location: location)
        return try changing { connection in
            let row = try requireSpeakerRow(named: name, on: connection)
            if let other = try speakerRow(matching: newName, on: connection), other.id != row.id {
                throw SpeakerRegistryError(.speakerExists, location: location, message: """
                    a speaker named "\(other.name)" already exists; remove or rename them first
                    """)
            }
            try connections.execute("UPDATE myna_speaker SET name = \(newName), updated_at = \(now) WHERE id = \(row.id)",
                                    on: connection)
            return try summary(of: row.id, on: connection)
        }
    }

    // MARK: - Helpers

    /// `body` in a transaction that first bumps `myna_schema.changes`. Taking that row's lock first serialises the
    /// registry's writers, as SQLite's one writer does: a second enrolment of a new name waits for the first to
    /// commit and then sees the speaker (the unique index on the name stays as the last guard, and its violation is
    /// `.speakerExists`, never a duplicate). Readers are not blocked.
    func changing<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
        do {
            return try connections.inTransaction { connection in
                try connections.execute("UPDATE myna_schema SET changes = changes + 1", on: connection)
                return try body(connection)
            }
        } catch let error as SpeakerRegistryError {
            throw error
        } catch {
            switch (PostgresErrors.sqlState(error), PostgresErrors.constraint(error)) {
            case (PostgresErrors.SQLState.uniqueViolation, "myna_speaker_name_key"):
                throw SpeakerRegistryError(.speakerExists, location: location, message: """
                    another client enrolled a speaker of that name at the same moment; nothing was changed
                    """)
            case (PostgresErrors.SQLState.uniqueViolation, "myna_utterance_audio_sha256"):
                throw SpeakerRegistryError(.duplicateUtterance, location: location, message: """
                    another client enrolled one of these recordings at the same moment; nothing was changed
                    """)
            default:
                throw PostgresErrors.translate(error, location: location)
            }
        }
    }

    func recordEncoder(_ encoder: EncoderModelIdentity, now: Date, on connection: PostgresConnection) throws {
        try connections.execute("""
            INSERT INTO myna_encoder_model (id, file_name, dimension, first_used_at)
            VALUES (\(encoder.id), \(encoder.fileName), \(encoder.dimension), \(now)) ON CONFLICT (id) DO NOTHING
            """, on: connection)
    }

    func checkNotEnrolled(_ utterance: UtteranceEnrolment, on connection: PostgresConnection) throws {
        let rows = try connections.rows("""
            SELECT u.source_name, s.name FROM myna_utterance u JOIN myna_speaker s ON s.id = u.speaker_id
            WHERE u.audio_sha256 = \(utterance.audioSHA256)
            """, on: connection)
        guard let row = rows.first else { return }
        let (sourceName, owner) = try row.decode((String, String).self)
        throw SpeakerRegistryError(.duplicateUtterance, location: utterance.sourceName, message: """
            this recording is already enrolled for "\(owner)" (as \(sourceName)); each recording is enrolled once
            """)
    }

    /// Recomputes the speaker's profile from all their utterances and saves it; returns it.
    func updateProfile(of speaker: SpeakerRow, now: Date, on connection: PostgresConnection) throws -> SpeakerEmbedding {
        let rows = try connections.rows("""
            SELECT source_name, embedding FROM myna_utterance WHERE speaker_id = \(speaker.id) ORDER BY id
            """, on: connection)
        let embeddings = try rows.map { row in
            let (sourceName, values) = try row.decode((String, [Float]).self)
            return try SpeakerEmbedding.stored(values, dimension: speaker.dimension, location: location,
                                               what: "utterance \(sourceName) of \"\(speaker.name)\"")
        }
        let profile = SpeakerEmbedding.mean(embeddings)!
        try connections.execute("""
            UPDATE myna_speaker SET profile = \(profile.values), updated_at = \(now) WHERE id = \(speaker.id)
            """, on: connection)
        return profile
    }
}
