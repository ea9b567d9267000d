import MynaCore

/// The verification trials of a labelled set of utterances, formed the way `myna verify` uses a profile: a speaker
/// profile (the normalised mean of utterance embeddings) against one utterance.
///
/// - Enrolled speakers: those with at least 2 utterances (one to test, at least one to enrol).
/// - Target trials: each utterance of an enrolled speaker against the profile of that speaker's *other* utterances
///   (leave one out), so no utterance is scored against a profile that contains it.
/// - Impostor trials: each enrolled speaker's profile of all their utterances against every utterance of every
///   other speaker (speakers with one utterance, such as an impostor cohort, only appear here).
///
/// Scores are cosine similarities. For n utterances of S enrolled speakers: targets = utterances of enrolled
/// speakers; impostors = Σ over enrolled speakers of (n − their utterances).
public struct SpeakerTrials: Sendable {
    /// One scored comparison.
    public struct Trial: Sendable, Hashable {
        /// The enrolled speaker whose profile was used.
        public var speaker: String
        /// Index of the test utterance in the input.
        public var utterance: Int
        public var score: Double
        public var isTarget: Bool
    }

    /// Every trial: targets first (speakers sorted, utterances in input order), then impostors in the same order.
    public let trials: [Trial]
    /// Speakers with at least 2 utterances, sorted.
    public let enrolledSpeakers: [String]

    public var targetScores: [Double] { trials.filter(\.isTarget).map(\.score) }
    public var impostorScores: [Double] { trials.filter { !$0.isTarget }.map(\.score) }

    /// Trials of `embeddings[i]` spoken by `speakers[i]`.
    public init(embeddings: [SpeakerEmbedding], speakers: [String]) {
        precondition(embeddings.count == speakers.count, "SpeakerTrials: \(embeddings.count) embeddings, \(speakers.count) labels")
        var bySpeaker: [String: [Int]] = [:]
        for (index, speaker) in speakers.enumerated() { bySpeaker[speaker, default: []].append(index) }
        let enrolled = bySpeaker.filter { $0.value.count >= 2 }.keys.sorted()
        var trials: [Trial] = []
        for speaker in enrolled {
            let own = bySpeaker[speaker]!
            for test in own {
                let profile = SpeakerEmbedding.mean(own.filter { $0 != test }.map { embeddings[$0] })!
                trials.append(Trial(speaker: speaker, utterance: test, score: profile.cosineSimilarity(embeddings[test]),
                                    isTarget: true))
            }
        }
        for speaker in enrolled {
            let profile = SpeakerEmbedding.mean(bySpeaker[speaker]!.map { embeddings[$0] })!
            for (index, other) in speakers.enumerated() where other != speaker {
                trials.append(Trial(speaker: speaker, utterance: index, score: profile.cosineSimilarity(embeddings[index]),
                                    isTarget: false))
            }
        }
        self.trials = trials
        self.enrolledSpeakers = enrolled
    }
}
