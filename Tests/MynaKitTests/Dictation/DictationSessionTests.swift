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

    /// The finals the session gave for LJ001-0001 … 0010 of scripts/make_paused_reading.py's recording (the prompt of
    /// its next utterance, LJ001-0011).
    static let pausedReadingFinals = """
        Printing, in the only sense with which we are at present concerned, differs from most if not from all the arts \
        and crafts represented in the exhibition. In being comparatively modern. For although the Chinese took \
        impressions from wood blocks engraved in relief for centuries before the wood cutters of the Netherlands by a \
        similar process. Produced the block books which were the immediate predecessors of the true printed book. The \
        invention of movable metal letters in the middle of the 15th century may justly be considered as the invention \
        of the art of printing and it is worth mention in passing that as an example of fine typography. The earliest \
        book printed with movable types the Guttenburg or 42 line Bible of about 1455. Has never been surpassed. \
        Printing then for our purpose may be considered as the art of making books by means of movable types. Now as \
        all books not primarily intended as picture books consist principally of types composed to form letterpress
        """

    @Test("""
        the final is the utterance decoded as transcribe decodes it when that keeps the committed words (issue 20: \
        forcing them gave 'should be fine informed.', transcribe 'should be fine in form.')
        """)
    func finalIsTheFreeDecodeWhenItKeepsTheCommittedWords() throws {
        let transcriber = try DictationTestSupport.transcriber.get()
        let speech = try AudioFrontEnd.readAll(.file(path: Fixtures.shared("asr/dev/coqui-LJ001-0011.flac")))
        let samples = [Float](repeating: 0, count: 16_000) + speech + [Float](repeating: 0, count: 24_000)
        let vad = try DictationVoiceActivity.open(path: nil, modelsDirectory: ModelsDirectory(url: Fixtures.models, source: .option))
        var options = DictationOptions.default
        options.initialPrompt = Self.pausedReadingFinals
        let session = try DictationSession(transcriber: transcriber, vad: vad, options: options)
        let events = try DictationTestSupport.run(session, samples: samples)
        let finals = DictationTestSupport.finals(events)
        #expect(finals.map(\.text) == ["it is of the first importance that the letter used should be fine in form."])
        let committed = DictationTestSupport.partials(events).last?.committed ?? ""
        #expect(committed.split(separator: " ").count >= 5, "the partials had committed words: '\(committed)'")
        #expect(finals.first?.text.hasPrefix(committed) == true, "and the final keeps them")
        #expect(session.statistics.forcedFinals == 0)
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
