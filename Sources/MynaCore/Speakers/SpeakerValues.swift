import Foundation

/// One utterance to enrol: its embedding and where it came from.
public struct UtteranceEnrolment: Sendable, Hashable {
    public var embedding: SpeakerEmbedding
    /// Seconds of speech the embedding was made from (after trimming, when trimmed).
    public var speechSeconds: Double
    /// The file name (or other label) it came from, for people reading `speakers show`.
    public var sourceName: String
    /// SHA-256 of the audio file, lower-case hex: the same recording cannot be enrolled twice.
    public var audioSHA256: String
    /// True when non-speech was trimmed before embedding.
    public var trimmed: Bool

    public init(embedding: SpeakerEmbedding, speechSeconds: Double, sourceName: String, audioSHA256: String, trimmed: Bool) {
        self.embedding = embedding
        self.speechSeconds = speechSeconds
        self.sourceName = sourceName
        self.audioSHA256 = audioSHA256
        self.trimmed = trimmed
    }
}

/// The encoder checkpoint embeddings come from: its SHA-256 (the id stored with every embedding), file name and
/// embedding size.
public struct EncoderModelIdentity: Sendable, Hashable, Codable {
    public var id: String
    public var fileName: String
    public var dimension: Int

    public init(id: String, fileName: String, dimension: Int) {
        self.id = id
        self.fileName = fileName
        self.dimension = dimension
    }
}

/// A speaker as `speakers list` shows them.
public struct SpeakerSummary: Sendable, Hashable, Codable {
    public var name: String
    public var encoderModelID: String
    public var utteranceCount: Int
    /// Total seconds of speech enrolled.
    public var speechSeconds: Double
    public var createdAt: Date
    public var updatedAt: Date

    public init(name: String, encoderModelID: String, utteranceCount: Int, speechSeconds: Double, createdAt: Date, updatedAt: Date) {
        self.name = name
        self.encoderModelID = encoderModelID
        self.utteranceCount = utteranceCount
        self.speechSeconds = speechSeconds
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// One enrolled utterance as `speakers show` shows it.
public struct EnrolledUtterance: Sendable, Hashable, Codable {
    public var sourceName: String
    public var speechSeconds: Double
    public var audioSHA256: String
    public var trimmed: Bool
    public var encoderModelID: String
    public var enrolledAt: Date
    public var embedding: SpeakerEmbedding

    public init(sourceName: String, speechSeconds: Double, audioSHA256: String, trimmed: Bool, encoderModelID: String,
                enrolledAt: Date, embedding: SpeakerEmbedding) {
        self.sourceName = sourceName
        self.speechSeconds = speechSeconds
        self.audioSHA256 = audioSHA256
        self.trimmed = trimmed
        self.encoderModelID = encoderModelID
        self.enrolledAt = enrolledAt
        self.embedding = embedding
    }
}

/// A speaker with every utterance.
public struct SpeakerDetails: Sendable, Hashable, Codable {
    public var summary: SpeakerSummary
    public var profile: SpeakerEmbedding
    /// The file name of the encoder, when the registry knows it.
    public var encoderFileName: String?
    public var utterances: [EnrolledUtterance]

    public init(summary: SpeakerSummary, profile: SpeakerEmbedding, encoderFileName: String?, utterances: [EnrolledUtterance]) {
        self.summary = summary
        self.profile = profile
        self.encoderFileName = encoderFileName
        self.utterances = utterances
    }
}

/// A speaker's profile, what `verify` and `identify` compare with.
public struct SpeakerProfile: Sendable, Hashable {
    public var name: String
    public var encoderModelID: String
    public var embedding: SpeakerEmbedding
    public var utteranceCount: Int

    public init(name: String, encoderModelID: String, embedding: SpeakerEmbedding, utteranceCount: Int) {
        self.name = name
        self.encoderModelID = encoderModelID
        self.embedding = embedding
        self.utteranceCount = utteranceCount
    }
}

/// What an enrolment did.
public struct EnrolmentResult: Sendable, Hashable {
    public var speaker: SpeakerSummary
    /// True when the speaker was new.
    public var created: Bool
    /// Utterances added by this enrolment.
    public var addedUtterances: Int
    /// How far the profile moved: cosine between the profile before and after (nil for a new speaker).
    public var profileChange: Double?

    public init(speaker: SpeakerSummary, created: Bool, addedUtterances: Int, profileChange: Double?) {
        self.speaker = speaker
        self.created = created
        self.addedUtterances = addedUtterances
        self.profileChange = profileChange
    }
}
