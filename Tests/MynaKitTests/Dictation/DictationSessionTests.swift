import Foundation
import MynaCore
import MynaKit
import MynaRecognition
import MynaTestSupport
import Testing

/// The dictation pipeline with the real tiny.en on real speech; the VAD replays Silero's own probabilities for the
/// same audio (silero-vad 6.2.3, `DictationGoldens`), so these tests do not depend on the native VAD.
@Suite(.serialized) struct DictationSessionTests {
    /// One run over the 52 s two-session recording, shared by the tests that look at it.
    static let michael: Result<(events: [DictationEvent], statistics: DictationStatistics, samples: [Float]), any Error> = Result {
        let transcriber = try DictationTestSupport.transcriber.get()
        let samples = try AudioFrontEnd.readAll(.file(path: Fixtures.shared(DictationGoldens.recordings["michael"]!)))
        let session = try DictationSession(transcriber: transcriber,
                                           vad: ScriptedVoiceActivity(try DictationGoldens.probabilities("michael")))
        let events = try DictationTestSupport.run(session, samples: samples)
        return (events, session.statistics, samples)
    }

    @Test("committed text is never retracted: every partial's committed words begin every later partial and the final")
    func committedTextIsNeverRetracted() throws {
        let events = try Self.michael.get().events
        var committedSoFar: [Int: String] = [:]
        var partialCount = 0, commitCount = 0
        for event in events {
            switch event {
            case .partial(let partial):
                partialCount += 1
                let before = committedSoFar[partial.utterance] ?? ""
                #expect(partial.committed.hasPrefix(before), "utterance \(partial.utterance): '\(partial.committed)' retracts '\(before)'")
                #expect(partial.text.hasPrefix(partial.committed))
                if partial.committed.count > before.count { commitCount += 1 }
                committedSoFar[partial.utterance] = partial.committed
            case .final(let final):
                let before = committedSoFar[final.utterance] ?? ""
                #expect(final.text.hasPrefix(before), "utterance \(final.utterance): final '\(final.text)' retracts '\(before)'")
                committedSoFar[final.utterance] = nil
            }
        }
        #expect(committedSoFar.isEmpty, "every utterance with partials got a final")
        #expect(partialCount >= 20 && commitCount >= 10, "the check covered real commits (\(partialCount) partials, \(commitCount) commits)")
    }

    @Test("the finals are about as accurate as transcribing the whole file")
    func accuracyMatchesTranscription() throws {
        let (events, statistics, samples) = try Self.michael.get()
        let dictated = DictationTestSupport.finals(events).map(\.text).joined(separator: " ")
        let transcribed = try DictationTestSupport.transcriber.get().transcribe(samples).text
        let truth = Self.transcript("long-mfa-michaelandsickmichael")
        let dictationWER = DictationTestSupport.wordErrorRate(truth, dictated)
        let transcriptionWER = DictationTestSupport.wordErrorRate(truth, transcribed)
        // The 2-point criterion is measured on all long-form files by scripts/evaluate_dictation.py; here a margin
        // that still catches a broken pipeline (cut words, lost utterances, repeated text).
        #expect(dictationWER <= transcriptionWER + 0.06, "dictation \(dictationWER) vs transcription \(transcriptionWER)")
        #expect(statistics.utteranceCount >= 5)
        #expect(statistics.reusedFinals >= statistics.utteranceCount / 2, "speculative finals were used")
        let finals = DictationTestSupport.finals(events)
        #expect(zip(finals, finals.dropFirst()).allSatisfy { $0.end <= $1.start }, "utterances in order, not overlapping")
        #expect(finals.allSatisfy { $0.endpoint >= $0.end + 0.5 - 1e-9 || $0.reason != .silence },
                "an utterance ends only after the minimum silence")
    }

    @Test("nothing is decoded while the VAD hears no speech")
    func noSpeechNoDecode() throws {
        let transcriber = try DictationTestSupport.transcriber.get()
        let samples = try AudioFrontEnd.readAll(.file(path: Fixtures.shared("longform/long-mfa-michaelandsickmichael.flac")))
        let session = try DictationSession(transcriber: transcriber, vad: ScriptedVoiceActivity([]))
        let events = try DictationTestSupport.run(session, samples: Array(samples.prefix(16_000 * 20)))
        #expect(events.isEmpty)
        let s = session.statistics
        #expect(s.partialDecodes + s.speculativeDecodes + s.finalDecodes == 0)
        #expect(abs(s.audioSeconds - 20) < 1e-9)
    }

    static func transcript(_ id: String) -> String {
        let table = (try? String(contentsOfFile: Fixtures.shared("longform/longform.tsv"), encoding: .utf8)) ?? ""
        for line in table.split(separator: "\n") {
            let columns = line.split(separator: "\t", omittingEmptySubsequences: false)
            if columns.count > 3, columns[0] == id { return String(columns[3]) }
        }
        return ""
    }
}
