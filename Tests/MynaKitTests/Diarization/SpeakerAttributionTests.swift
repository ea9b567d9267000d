import MynaCore
import MynaKit
import Testing

/// `SpeakerAttribution`: words to turns by overlap (nearest turn otherwise), segments cut at changes of speaker with
/// their tokens shared by the text of their words.
@Suite struct SpeakerAttributionTests {
    static let turns = [SpeakerTurn(start: 0.5, end: 3.0, speaker: "SPEAKER_00"),
                        SpeakerTurn(start: 3.2, end: 6.0, speaker: "SPEAKER_01"),
                        SpeakerTurn(start: 7.0, end: 8.0, speaker: "SPEAKER_00")]

    @Test func wordsTakeTheSpeakerTheyOverlapMost() {
        let attribution = SpeakerAttribution(turns: Self.turns)
        #expect(attribution.speaker(start: 1.0, end: 1.5) == "SPEAKER_00")
        // 0.2 s in the first turn, 0.6 s in the second.
        #expect(attribution.speaker(start: 2.8, end: 3.8) == "SPEAKER_01")
        // In no turn: the nearest (6.2 is 0.2 s after the second turn, 0.8 s before the third).
        #expect(attribution.speaker(start: 6.2, end: 6.2) == "SPEAKER_01")
        #expect(attribution.speaker(start: 6.7, end: 6.9) == "SPEAKER_00")
        #expect(attribution.speaker(start: 0.0, end: 0.1) == "SPEAKER_00")
        #expect(SpeakerAttribution(turns: []).speaker(start: 1, end: 2) == nil)
    }

    /// " Hello there. Yes, indeed." said by two voices: text tokens 1…5 (2 bytes each, except 5: 9 bytes), timestamps
    /// 100 and 101 around them.
    @Test func segmentsAreCutWhereTheSpeakerChanges() {
        let words = [TranscriptWord(word: " Hello", start: 1.0, end: 1.4, probability: 0.9),
                     TranscriptWord(word: " there.", start: 1.4, end: 2.0, probability: 0.8),
                     TranscriptWord(word: " Yes,", start: 3.5, end: 3.9, probability: 0.7),
                     TranscriptWord(word: " indeed.", start: 4.0, end: 4.6, probability: 0.6)]
        let segment = TranscriptSegment(id: 4, seek: 0, start: 0.9, end: 4.8, text: " Hello there. Yes, indeed.",
                                        tokens: [100, 1, 2, 3, 4, 5, 101], temperature: 0, avgLogProb: -0.2,
                                        compressionRatio: 1.1, noSpeechProb: 0.01, words: words)
        // " Hello" = 1, " there." = 2 + 3 (7 bytes), " Yes," = 4 (5 bytes), " indeed." = 5 (8 bytes).
        let bytes: [Int: Int] = [1: 6, 2: 2, 3: 5, 4: 5, 5: 8]
        let pieces = SpeakerAttribution(turns: Self.turns).split(segment, firstID: 7) { bytes[$0] ?? 0 }
        #expect(pieces.count == 2)
        #expect(pieces.map(\.id) == [7, 8])
        #expect(pieces.map(\.speaker) == ["SPEAKER_00", "SPEAKER_01"])
        #expect(pieces.map(\.text) == [" Hello there.", " Yes, indeed."])
        #expect(pieces.map(\.start) == [0.9, 3.5])
        #expect(pieces.map(\.end) == [2.0, 4.8])
        #expect(pieces.map(\.tokens) == [[100, 1, 2, 3], [4, 5, 101]])
        #expect(pieces.flatMap { $0.words ?? [] }.map(\.speaker) == ["SPEAKER_00", "SPEAKER_00", "SPEAKER_01", "SPEAKER_01"])
        #expect(pieces.allSatisfy { $0.avgLogProb == -0.2 && $0.seek == 0 })
    }

    @Test func oneSpeakerKeepsTheSegmentWhole() {
        let words = [TranscriptWord(word: " Yes.", start: 7.1, end: 7.5, probability: 0.9)]
        let segment = TranscriptSegment(id: 0, seek: 0, start: 7.0, end: 7.6, text: " Yes.", tokens: [100, 1, 101],
                                        temperature: 0, avgLogProb: 0, compressionRatio: 1, noSpeechProb: 0, words: words)
        let pieces = SpeakerAttribution(turns: Self.turns).split(segment, firstID: 3) { $0 < 100 ? 5 : 0 }
        var expected = segment
        expected.id = 3
        expected.speaker = "SPEAKER_00"
        expected.words![0].speaker = "SPEAKER_00"
        #expect(pieces == [expected])
        // Without turns nothing is labelled.
        let unlabelled = SpeakerAttribution(turns: []).split(segment, firstID: 0) { $0 < 100 ? 5 : 0 }
        #expect(unlabelled == [segment])
    }
}
