import MynaCore

/// What `SpeakerService.enroll` did: the store's result and the embeddings it stored.
///
/// Thread-safety: a value type; share freely.
public struct SpeakerEnrolment: Sendable {
    /// The speaker after enrolment, whether they were new, how many utterances were added and how far the profile moved.
    public var result: EnrolmentResult
    /// The embedding of every file, in the order given.
    public var embeddings: [FileEmbedding]
    /// The store enrolled into (`SpeakerStore.location`).
    public var location: String

    public init(result: EnrolmentResult, embeddings: [FileEmbedding], location: String) {
        self.result = result
        self.embeddings = embeddings
        self.location = location
    }

    /// Seconds of speech added by this enrolment.
    public var addedSpeechSeconds: Double { embeddings.reduce(0) { $0 + $1.utterance.speechSeconds } }
}
