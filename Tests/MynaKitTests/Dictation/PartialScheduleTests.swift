import Foundation
import MynaCore
import MynaTestSupport
import Testing

@testable import MynaKit

/// `PartialSchedule` with made-up arrivals: the samples appended between two updates are the time the previous
/// update's decodes took (a virtual clock counted in audio), so nothing here depends on how fast the machine is.
@Suite struct PartialScheduleTests {
    /// 1 s steps, first partial 0.6 s after the onset, half of real time for partials, 0.5 s backlog.
    static func schedule() -> PartialSchedule {
        PartialSchedule(stepSamples: 16_000, firstStepSamples: 9_600, budget: 0.5, maxBacklogSamples: 8_000)
    }

    @Test("keeping up: a partial every step, none shed")
    func keepingUpDecodesEveryStep() {
        var schedule = Self.schedule()
        var available = 0, lastDecoded: Int?, partials: [Int] = []
        for _ in 0..<200 {                                   // 200 updates of 0.05 s: 10 s
            schedule.appended(800)
            available += 800
            let behind = schedule.beginUpdate()
            if schedule.isDue(available: available, speechStart: 0, lastDecodedEnd: lastDecoded, behind: behind) {
                schedule.decodedPartial()
                partials.append(available)
                lastDecoded = available
            }
        }
        #expect(partials.first == 9_600)
        #expect(zip(partials, partials.dropFirst()).allSatisfy { $1 - $0 == 16_000 })
        #expect(schedule.shedCount == 0)
    }

    @Test("slow partials are thinned: after one that took 0.8 s of arriving audio, the next waits 1.6 s")
    func slowPartialsAreThinned() {
        var schedule = Self.schedule()
        _ = schedule.beginUpdate()
        let due1 = schedule.isDue(available: 9_600, speechStart: 0, lastDecodedEnd: nil, behind: false)
        #expect(due1)
        schedule.decodedPartial()
        schedule.appended(6_400)                              // 0.4 s: under the backlog limit
        let behind = schedule.beginUpdate()
        #expect(!behind)
        #expect(schedule.lastPartialCost == 6_400)
        #expect(schedule.interval == 16_000)                  // 0.4 / 0.5 = 0.8 s < the 1 s step
        schedule.decodedPartial()
        schedule.appended(12_800)                             // 0.8 s
        _ = schedule.beginUpdate()
        #expect(schedule.interval == 25_600)
        let due2 = schedule.isDue(available: 40_000, speechStart: 0, lastDecodedEnd: 16_000, behind: false)
        #expect(!due2)
        let due3 = schedule.isDue(available: 41_600, speechStart: 0, lastDecodedEnd: 16_000, behind: false)
        #expect(due3)
    }

    @Test("behind real time: a due partial is shed, and the cost of a final is not booked to partials")
    func behindShedsPartials() {
        var schedule = Self.schedule()
        _ = schedule.beginUpdate()
        schedule.appended(12_000)                              // a final decode took 0.75 s
        let behind = schedule.beginUpdate()
        #expect(behind)
        let due4 = schedule.isDue(available: 30_000, speechStart: 0, lastDecodedEnd: nil, behind: behind)
        #expect(!due4)
        #expect(schedule.shedCount == 1)
        #expect(schedule.lastPartialCost == 0)
        schedule.appended(800)
        let caughtUp = schedule.beginUpdate()
        #expect(!caughtUp)
        let due5 = schedule.isDue(available: 30_800, speechStart: 0, lastDecodedEnd: nil, behind: caughtUp)
        #expect(due5)
    }
}

/// The session's order of work when it is behind: on real speech with the real tiny.en (scripted VAD), audio that
/// arrives in one large chunk (the time a slow decode took) holds the end of one utterance and the start of the
/// next: the final of the first comes in that update, the partial of the second only at the next.
@Suite(.serialized) struct DictationSchedulingTests {
    @Test("a due final is decoded before a partial, and partials are shed while the session is behind")
    func finalBeforePartialWhenBehind() throws {
        let transcriber = try DictationTestSupport.transcriber.get()
        let samples = try AudioFrontEnd.readAll(.file(path: Fixtures.sample("jfk.flac")))
        // Steps of 512 samples: silence, speech 0.64–3.2 s, 0.64 s of silence (the utterance ends after 0.5 s), speech.
        let script = [Float](repeating: 0.02, count: 20) + [Float](repeating: 0.95, count: 80)
            + [Float](repeating: 0.02, count: 20) + [Float](repeating: 0.95, count: 200)
        let session = try DictationSession(transcriber: transcriber, vad: ScriptedVoiceActivity(script))
        // 4.4 s at once: utterance 0 ended at 3.84 s + 0.5 s; utterance 1 began at 3.84 s (0.6 s of it: a partial is due).
        try session.append(Array(samples[0..<(512 * 140)]))
        let first = try session.update()
        #expect(first.count == 1)
        guard case .final(let final)? = first.first else { Issue.record("expected a final first: \(first)"); return }
        #expect(final.utterance == 0 && final.reason == .silence && !final.text.isEmpty)
        #expect(session.statistics.partialDecodes == 0)
        #expect(session.statistics.shedPartials == 1)
        // One VAD step later the session has caught up: utterance 1 gets its partial decode.
        try session.append(Array(samples[(512 * 140)..<(512 * 141)]))
        let next = try session.update()
        #expect(next.allSatisfy { if case .partial(let partial) = $0 { partial.utterance == 1 } else { false } }, "\(next)")
        #expect(session.statistics.partialDecodes == 1)
        #expect(session.statistics.shedPartials == 1)
    }
}
