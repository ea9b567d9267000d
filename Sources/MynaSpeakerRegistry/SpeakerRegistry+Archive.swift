import Foundation
import GRDB
import MynaCore

extension SpeakerRegistry {
    /// Every speaker and utterance, for `myna speakers export`. One read transaction (a consistent snapshot).
    public func exportArchive(now: Date = Date()) throws -> SpeakerArchive {
        try translatingErrors {
            try pool.read { db in
                guard try !isEmptySchema(db) else { return SpeakerArchive(exportedAt: now, encoderModels: [], speakers: []) }
                let models = try EncoderModelRow.order(Column("firstUsedAt")).fetchAll(db)
                let speakers = try SpeakerRow.order(sql: "name COLLATE NOCASE").fetchAll(db).map { row in
                    let utterances = try UtteranceRow.filter(Column("speakerId") == row.id!).order(Column("id")).fetchAll(db)
                    return SpeakerArchive.Speaker(
                        name: row.name, encoderModelID: row.encoderModelID, createdAt: row.createdAt, updatedAt: row.updatedAt,
                        utterances: try utterances.map { u in
                            SpeakerArchive.Utterance(
                                sourceName: u.sourceName, speechSeconds: u.speechSeconds, audioSHA256: u.audioSHA256,
                                trimmed: u.trimmed, enrolledAt: u.enrolledAt,
                                embedding: try EmbeddingBlob.decode(u.embedding, dimension: row.dimension, location: path,
                                                                    what: "utterance \(u.sourceName) of \"\(row.name)\"").values)
                        })
                }
                return SpeakerArchive(exportedAt: now,
                                      encoderModels: models.map { EncoderModelIdentity(id: $0.id, fileName: $0.fileName, dimension: $0.dimension) },
                                      speakers: speakers)
            }
        }
    }

    /// Adds the archive's speakers in one transaction. A name that exists is an error unless `replacing`, which
    /// replaces that speaker (and their utterances) with the archive's. Profiles are recomputed.
    /// - Returns: the imported speakers.
    /// - Throws: `.invalidArchive` (empty names, bad embeddings, unknown encoder), `.speakerExists`,
    ///   `.duplicateUtterance`, `.invalidName`, database failures. On any error nothing is imported.
    @discardableResult
    public func importArchive(_ archive: SpeakerArchive, location: String, replacing: Bool,
                              now: Date = Date()) throws -> [SpeakerSummary] {
        var models: [String: EncoderModelIdentity] = [:]
        for model in archive.encoderModels { models[model.id] = model }
        var names = Set<String>()
        for speaker in archive.speakers {
            try SpeakerName.validate(speaker.name, location: location)
            guard names.insert(speaker.name.lowercased()).inserted else {
                throw SpeakerRegistryError(.invalidArchive, location: location, message: "speaker \"\(speaker.name)\" appears twice")
            }
            guard let model = models[speaker.encoderModelID] else {
                throw SpeakerRegistryError(.invalidArchive, location: location, message: """
                    speaker "\(speaker.name)": encoder \(speaker.encoderModelID) is not listed in "encoderModels"
                    """)
            }
            guard !speaker.utterances.isEmpty else {
                throw SpeakerRegistryError(.invalidArchive, location: location, message: "speaker \"\(speaker.name)\" has no utterances")
            }
            for utterance in speaker.utterances {
                guard utterance.embedding.count == model.dimension else {
                    throw SpeakerRegistryError(.invalidArchive, location: location, message: """
                        speaker "\(speaker.name)", \(utterance.sourceName): \(utterance.embedding.count) values, the encoder gives \(model.dimension)
                        """)
                }
                try EmbeddingBlob.validate(utterance.embedding, location: location,
                                           what: "speaker \"\(speaker.name)\", \(utterance.sourceName)", code: .invalidArchive)
            }
        }
        return try translatingErrors {
            try pool.write { db in
                var imported: [SpeakerSummary] = []
                for speaker in archive.speakers {
                    let model = models[speaker.encoderModelID]!
                    try recordEncoder(model, now: now, db)
                    if let existing = try SpeakerRow.filter(Column("name") == speaker.name).fetchOne(db) {
                        guard replacing else {
                            throw SpeakerRegistryError(.speakerExists, location: path, message: """
                                a speaker named "\(existing.name)" already exists; use --replace to overwrite them with \
                                the imported one, or rename them first
                                """)
                        }
                        _ = try existing.delete(db)
                    }
                    var row = SpeakerRow(id: nil, name: speaker.name, encoderModelID: speaker.encoderModelID,
                                         dimension: model.dimension,
                                         profile: EmbeddingBlob.encode(SpeakerEmbedding(unitValues: speaker.utterances[0].embedding)),
                                         createdAt: speaker.createdAt, updatedAt: now)
                    try row.insert(db)
                    for utterance in speaker.utterances {
                        let enrolment = UtteranceEnrolment(embedding: SpeakerEmbedding(unitValues: utterance.embedding),
                                                           speechSeconds: utterance.speechSeconds, sourceName: utterance.sourceName,
                                                           audioSHA256: utterance.audioSHA256, trimmed: utterance.trimmed)
                        try checkNotEnrolled(enrolment, db)
                        var u = UtteranceRow(id: nil, speakerId: row.id!, embedding: EmbeddingBlob.encode(enrolment.embedding),
                                             speechSeconds: utterance.speechSeconds, sourceName: utterance.sourceName,
                                             audioSHA256: utterance.audioSHA256, trimmed: utterance.trimmed,
                                             encoderModelID: speaker.encoderModelID, enrolledAt: utterance.enrolledAt)
                        try u.insert(db)
                    }
                    try updateProfile(of: &row, now: now, db)
                    imported.append(try summary(of: row, db))
                }
                return imported
            }
        }
    }
}
