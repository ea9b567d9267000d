import Foundation
import MynaCore

// The speaker decisions as JSON documents, keys as written: what `myna enroll|verify|identify|speakers … --json`
// print and what `myna serve`'s `/v1/speakers` routes answer, one shape for both. Dates encode as the encoder is set
// (both use ISO 8601).

/// `myna enroll --json`, `POST /v1/speakers`.
public struct SpeakerEnrolmentReport: Encodable, Sendable {
    public var speaker: String
    public var created: Bool
    public var addedRecordings: Int
    public var recordings: Int
    /// Seconds of speech enrolled in all, and by this enrolment.
    public var speechSeconds: Double
    public var addedSpeechSeconds: Double
    /// Cosine between the profile before and after; nil for a new speaker.
    public var profileChange: Double?
    /// The registry enrolled into.
    public var database: String

    public init(_ enrolment: SpeakerEnrolment) {
        let result = enrolment.result
        speaker = result.speaker.name
        created = result.created
        addedRecordings = result.addedUtterances
        recordings = result.speaker.utteranceCount
        speechSeconds = result.speaker.speechSeconds
        addedSpeechSeconds = enrolment.addedSpeechSeconds
        profileChange = result.profileChange
        database = enrolment.location
    }
}

/// `myna verify --json`, `POST /v1/speakers/{name}/verify`.
public struct SpeakerVerificationReport: Encodable, Sendable {
    public var speaker: String
    /// The recording, as the caller named it (a path, or an upload's file name).
    public var file: String
    public var score: Double
    public var threshold: Double
    public var probability: Double?
    public var accepted: Bool
    public var speechSeconds: Double

    public init(_ verdict: SpeakerVerification, file: String) {
        speaker = verdict.speaker
        self.file = file
        score = verdict.score
        threshold = verdict.threshold
        probability = verdict.probability
        accepted = verdict.accepted
        speechSeconds = verdict.speechSeconds
    }
}

/// `myna identify --json`, `POST /v1/speakers/identify`.
public struct SpeakerIdentificationReport: Encodable, Sendable {
    public var file: String
    /// The identified speaker, or "unknown".
    public var speaker: String
    public var identified: Bool
    public var threshold: Double
    public var matches: [SpeakerMatch]

    public init(_ result: SpeakerIdentification, file: String) {
        self.file = file
        speaker = result.speakerOrUnknown
        identified = result.identified
        threshold = result.threshold
        matches = result.matches
    }
}

/// `myna speakers list --json`, `GET /v1/speakers`.
public struct SpeakerListReport: Encodable, Sendable {
    public var database: String
    public var speakers: [SpeakerSummary]

    public init(database: String, speakers: [SpeakerSummary]) {
        self.database = database
        self.speakers = speakers
    }
}

/// `myna speakers show --json`, `GET /v1/speakers/{name}`.
public struct SpeakerDetailsReport: Encodable, Sendable {
    public struct Recording: Encodable, Sendable {
        public var sourceName: String
        public var speechSeconds: Double
        public var audioSHA256: String
        public var trimmed: Bool
        public var enrolledAt: Date
        public var embedding: [Float]?
    }

    public var name: String
    public var encoderModelID: String
    public var encoderFileName: String?
    public var createdAt: Date
    public var updatedAt: Date
    public var speechSeconds: Double
    public var recordings: [Recording]
    public var profile: [Float]?

    /// With `embeddings`, the profile and every recording's embedding are included.
    public init(_ details: SpeakerDetails, embeddings: Bool) {
        let summary = details.summary
        name = summary.name
        encoderModelID = summary.encoderModelID
        encoderFileName = details.encoderFileName
        createdAt = summary.createdAt
        updatedAt = summary.updatedAt
        speechSeconds = summary.speechSeconds
        recordings = details.utterances.map {
            Recording(sourceName: $0.sourceName, speechSeconds: $0.speechSeconds, audioSHA256: $0.audioSHA256,
                      trimmed: $0.trimmed, enrolledAt: $0.enrolledAt, embedding: embeddings ? $0.embedding.values : nil)
        }
        profile = embeddings ? details.profile.values : nil
    }
}

/// `myna speakers remove --json`, `DELETE /v1/speakers/{name}`.
public struct SpeakerRemovalReport: Encodable, Sendable {
    public var removed: [SpeakerSummary]

    public init(removed: [SpeakerSummary]) { self.removed = removed }
}
