import Foundation
import MynaCore

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
}

/// A speaker with every utterance.
public struct SpeakerDetails: Sendable, Hashable, Codable {
    public var summary: SpeakerSummary
    public var profile: SpeakerEmbedding
    /// The file name of the encoder, when the registry knows it.
    public var encoderFileName: String?
    public var utterances: [EnrolledUtterance]
}

/// A speaker's profile, what `verify` and `identify` compare with.
public struct SpeakerProfile: Sendable, Hashable {
    public var name: String
    public var encoderModelID: String
    public var embedding: SpeakerEmbedding
    public var utteranceCount: Int
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
}
