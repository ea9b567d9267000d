import MynaCore
import MynaSpeakers
import Testing

/// The diarization error rate, RTTM and clustering on cases whose answers follow from the definitions
/// (md-eval's: errors over reference speech, optimal one-to-one mapping, collar around reference boundaries).
@Suite struct DiarizationScoringTests {
    static func turn(_ start: Double, _ end: Double, _ speaker: String) -> SpeakerTurn { SpeakerTurn(start: start, end: end, speaker: speaker) }
    static let reference = [turn(0, 4, "A"), turn(5, 9, "B"), turn(10, 12, "A")]

    @Test func aRenamedPerfectAnswerScoresZero() {
        let score = DiarizationErrorRate(reference: Self.reference,
                                         hypothesis: [Self.turn(0, 4, "x"), Self.turn(5, 9, "y"), Self.turn(10, 12, "x")])
        #expect(score.rate == 0 && score.mapping == ["x": "A", "y": "B"] && score.speakerCountError == 0)
        // 10 s less the collars: each of the 6 boundaries removes 0.25 s of speech (the other 0.25 s lies in a pause
        // or outside the recording).
        #expect(abs(score.referenceSeconds - (10 - 6 * 0.25)) < 1e-9)
    }

    @Test func missedFalseAlarmAndConfusionWithoutCollar() {
        // B's turn missed: 4 s of 10. A false 1 s at 4–5 s. 10–12 s given to B's label: confusion 2 s.
        let hypothesis = [Self.turn(0, 5, "x"), Self.turn(10, 12, "y")]
        let score = DiarizationErrorRate(reference: Self.reference, hypothesis: hypothesis, collarSeconds: 0)
        #expect(abs(score.referenceSeconds - 10) < 1e-9)
        #expect(abs(score.missedSeconds - 4) < 1e-9 && abs(score.falseAlarmSeconds - 1) < 1e-9)
        // The optimal mapping pairs x with A (4 s in common); y then takes B (no common time) or nothing: 2 s confused.
        #expect(abs(score.confusionSeconds - 2) < 1e-9)
        #expect(abs(score.rate - 0.7) < 1e-9 && score.hypothesisSpeakerCount == 2)
    }

    @Test func overlappingReferenceSpeakersEachCount() {
        let reference = [Self.turn(0, 4, "A"), Self.turn(2, 6, "B")]
        let score = DiarizationErrorRate(reference: reference, hypothesis: [Self.turn(0, 6, "x")], collarSeconds: 0)
        // 8 s of reference speech; 2–4 s has two speakers and one hypothesis: 2 s missed; x ↔ one of them, the other's
        // single-speaker 2 s are confusion.
        #expect(abs(score.referenceSeconds - 8) < 1e-9 && abs(score.missedSeconds - 2) < 1e-9)
        #expect(abs(score.confusionSeconds - 2) < 1e-9 && abs(score.rate - 0.5) < 1e-9)
    }

    @Test func rttmRoundTripsAndRefusesBadLines() throws {
        let lines = RTTM.lines(Self.reference, fileID: "talk")
        #expect(lines[0] == "SPEAKER talk 1 0.000 4.000 <NA> <NA> A <NA> <NA>")
        let parsed = try RTTM.parse(";; comment\n" + lines.joined(separator: "\n") + "\n\n", location: "talk.rttm")
        #expect(parsed["talk"] == Self.reference)
        let error = try #require(throws: ConfigurationError.self) { try RTTM.parse("SPEAKER talk 1 zero 4", location: "bad.rttm") }
        #expect(error.field == "bad.rttm:1")
    }

    @Test func clusteringFindsTheGroupsAndCutsByCountOrThreshold() {
        // Three tight groups of unit vectors around three orthogonal axes, interleaved.
        func unit(_ axis: Int, _ tilt: Float) -> [Float] {
            var v: [Float] = [0, 0, 0, 0]
            v[axis] = 1
            v[3] = tilt
            let norm = (1 + tilt * tilt).squareRoot()
            return v.map { $0 / norm }
        }
        let vectors = (0..<12).map { unit($0 % 3, Float($0) * 0.02) }
        let clustering = AgglomerativeClustering(vectors: vectors)
        #expect(clustering.merges.count == 11)
        #expect(zip(clustering.merges, clustering.merges.dropFirst()).allSatisfy { $0.similarity >= $1.similarity })
        let expected = (0..<12).map { $0 % 3 }
        #expect(clustering.labels(clusterCount: 3) == expected)
        #expect(clustering.labels(threshold: 0.9) == expected)
        #expect(clustering.labels(threshold: 0.9, maxClusters: 2).max() == 1)
        #expect(clustering.labels(threshold: 0.99999).max() == 11)
        #expect(clustering.labels(clusterCount: 1) == [Int](repeating: 0, count: 12))
        #expect(AgglomerativeClustering(vectors: [[1, 0]]).labels(clusterCount: 3) == [0])
    }
}
