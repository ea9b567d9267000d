import Foundation
import MynaCore
import MynaKit
import MynaTestSupport
import Testing

/// `transcribe` with speakers (`TranscriptionOptions.speakers`) on generated conversations (`Conversation`): the
/// words of each reference turn carry that turn's speaker, one voice gives one speaker, silence gives none, and
/// impossible speaker counts are refused.
@Suite struct TranscriptSpeakersTests {
    static let engine = Result {
        try MynaEngine(configuration: .init(modelsDirectory: ModelsDirectory(url: Fixtures.models, source: .option)))
    }

    static func transcribe(_ samples: [Float], name: String, speakers: DiarizationOptions = .default) throws -> TranscriptionResult {
        try engine.get().transcribe(.samples(AudioBuffer(mono: samples, sampleRate: Conversation.sampleRate), name: name),
                                    options: TranscriptionOptions(speakers: speakers)) { _ in }
    }

    /// The share of words inside a reference turn (by their midpoint) whose speaker is that turn's, under the
    /// one-to-one mapping of labels to reference speakers that makes it largest; and the number of such words.
    static func agreement(_ words: [TranscriptWord], reference: [SpeakerTurn]) -> (share: Double, words: Int) {
        var counts: [String: [String: Int]] = [:]  // reference speaker → label → words
        var total = 0
        for word in words {
            let middle = (word.start + word.end) / 2
            guard let turn = reference.first(where: { $0.start <= middle && middle <= $0.end }) else { continue }
            total += 1
            counts[turn.speaker, default: [:]][word.speaker ?? "", default: 0] += 1
        }
        let speakers = counts.keys.sorted()
        let labels = Array(Set(words.compactMap(\.speaker))).sorted()
        // Every injective map of reference speakers to labels (four speakers at most: few enough to try all).
        func best(_ index: Int, _ used: Set<String>) -> Int {
            guard index < speakers.count else { return 0 }
            var result = best(index + 1, used)  // this speaker matched to no label
            for label in labels where !used.contains(label) {
                result = max(result, counts[speakers[index]]![label, default: 0] + best(index + 1, used.union([label])))
            }
            return result
        }
        return (total == 0 ? 0 : Double(best(0, [])) / Double(total), total)
    }

    @Test("the words of each reference turn carry its speaker (≥ 95 %)", arguments: [(2, 101), (3, 103), (4, 105)])
    func wordsCarryTheirTurnsSpeaker(speakerCount: Int, seed: UInt64) throws {
        let conversation = Conversation(speakerCount: speakerCount, turns: 12, seed: seed)
        let result = try Self.transcribe(conversation.samples, name: conversation.name)
        let segments = result.transcript.segments
        let words = segments.flatMap { $0.words ?? [] }
        let (share, count) = Self.agreement(words, reference: conversation.reference)
        print(String(format: "%@ (%.1f s, %d reference turns): %.1f %% of %d words carry their turn's speaker; %d speakers found for %d",
                     conversation.name, Double(conversation.samples.count) / Double(Conversation.sampleRate),
                     conversation.reference.count, 100 * share, count, Set(words.compactMap(\.speaker)).count, speakerCount))
        #expect(share >= 0.95)
        // Every word and segment is labelled, a segment holds one speaker, and the segments are numbered in order.
        #expect(words.allSatisfy { $0.speaker != nil })
        #expect(segments.allSatisfy { segment in segment.words!.allSatisfy { $0.speaker == segment.speaker } })
        #expect(segments.map(\.id) == Array(segments.indices))
        #expect(result.speakerTurns?.isEmpty == false)
    }

    @Test func oneVoiceIsOneSpeaker() throws {
        let clip = try AudioFrontEnd.readAll(.file(path: Fixtures.sample("LJ001-0001.flac")))
        let segments = try Self.transcribe(clip, name: "LJ001-0001").transcript.segments
        #expect(!segments.isEmpty)
        #expect(Set(segments.map(\.speaker)) == ["SPEAKER_00"])
    }

    @Test func silenceHasNoSpeakers() throws {
        let result = try Self.transcribe([Float](repeating: 0, count: 5 * Conversation.sampleRate), name: "silence")
        #expect(result.transcript.segments.isEmpty)
        #expect(result.speakerTurns == [])
    }

    @Test func moreSpeakersThanTheSpeechHoldsAreRefused() throws {
        let clip = try AudioFrontEnd.readAll(.file(path: Fixtures.sample("LJ001-0002.flac")))
        var options = DiarizationOptions.default
        options.speakerCount = 30
        let error = try #require(throws: ConfigurationError.self) { try Self.transcribe(clip, name: "LJ001-0002", speakers: options) }
        #expect(error.field == "--num-speakers")
        options.speakerCount = 0
        let zero = try #require(throws: ConfigurationError.self) {
            try Self.engine.get().prepareTranscription(TranscriptionOptions(speakers: options))
        }
        #expect(zero.field == "--num-speakers")
    }
}
