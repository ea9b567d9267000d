import MynaCore
import MynaKit
import Testing

/// The speculation policy of `SpeculativeTranscription` with scripted speech probabilities and a fake decoder that
/// returns how many samples it was given: which prefixes are decoded, and which result the end of the stream gets.
/// Nothing is timed; a decode is held open by a gate where the order matters.
@Suite struct SpeculativeTranscriptionTests {
    static let step = 512

    /// Decodes recorded in order; a decode of `heldCount` samples waits until `release` or until its task is
    /// cancelled (then it throws `CancellationError`, as the real decoder does at its next step).
    actor FakeDecoder {
        private(set) var decoded: [Int] = []
        /// Decodes that ended by cancellation, by sample count.
        private(set) var cancelled: [Int] = []
        private var held: CheckedContinuation<Void, Never>?
        private var released = false
        private var cancellationWaiters: [CheckedContinuation<Void, Never>] = []
        let heldCount: Int?

        init(heldCount: Int? = nil) { self.heldCount = heldCount }

        func decode(_ samples: [Float]) async throws -> String {
            decoded.append(samples.count)
            if samples.count == heldCount, !released {
                await withTaskCancellationHandler {
                    await withCheckedContinuation { held = $0 }
                } onCancel: {
                    Task { await self.resumeHeld() }
                }
                if Task.isCancelled {
                    cancelled.append(samples.count)
                    for waiter in cancellationWaiters { waiter.resume() }
                    cancellationWaiters = []
                    throw CancellationError()
                }
            }
            return "\(samples.count)"
        }

        func release() {
            released = true
            resumeHeld()
        }

        private func resumeHeld() {
            held?.resume()
            held = nil
        }

        /// Returns once a decode has ended by cancellation.
        func cancellation() async {
            if !cancelled.isEmpty { return }
            await withCheckedContinuation { cancellationWaiters.append($0) }
        }
    }

    /// Speech (1) and silence (0) per 512-sample step.
    static func script(_ runs: [(speech: Bool, steps: Int)]) -> [Float] {
        runs.flatMap { Array(repeating: $0.speech ? Float(0.9) : 0.05, count: $0.steps) }
    }

    static func transcription(_ probabilities: [Float], decoder: FakeDecoder,
                              maxSeconds: Double = 30) throws -> SpeculativeTranscription<String> {
        // 0.1 s of silence = 4 steps of 512 samples (rounded up) before a speculation.
        try SpeculativeTranscription(vad: ScriptedVoiceActivity(probabilities), pauseSeconds: 0.1,
                                     maxSpeculativeSeconds: maxSeconds) { try await decoder.decode($0) }
    }

    static func feed(_ transcription: SpeculativeTranscription<String>, steps: Int) throws {
        for _ in 0..<steps { try transcription.append([Float](repeating: 0, count: step)) }
    }

    @Test("a pause decodes the stream so far; with no speech after it, the end reuses that decode")
    func pauseThenEndReusesTheSpeculation() async throws {
        let decoder = FakeDecoder()
        let transcription = try Self.transcription(Self.script([(true, 10), (false, 12)]), decoder: decoder)
        try Self.feed(transcription, steps: 22)
        try transcription.append([Float](repeating: 0, count: 100))      // a tail shorter than a step
        #expect(transcription.statistics.speculativeDecodes == 1)
        #expect(try await transcription.finish() == "\(14 * Self.step)")
        #expect(await decoder.decoded == [14 * Self.step])
        #expect(transcription.statistics.reusedSpeculation)
    }

    @Test("speech after the speculated prefix: the end decodes the whole stream")
    func speechAfterThePrefixDecodesEverything() async throws {
        let decoder = FakeDecoder()
        let transcription = try Self.transcription(Self.script([(true, 10), (false, 6), (true, 8)]), decoder: decoder)
        try Self.feed(transcription, steps: 24)
        #expect(try await transcription.finish() == "\(24 * Self.step)")
        // One speculation was started (at the pause); the result is the decode of everything.
        #expect(transcription.statistics.speculativeDecodes == 1)
        #expect(await decoder.decoded.contains(24 * Self.step))
        #expect(!transcription.statistics.reusedSpeculation)
    }

    @Test("the end awaits a speculation still running instead of decoding again")
    func endAwaitsTheRunningSpeculation() async throws {
        let decoder = FakeDecoder(heldCount: 14 * Self.step)
        let transcription = try Self.transcription(Self.script([(true, 10), (false, 8)]), decoder: decoder)
        try Self.feed(transcription, steps: 18)
        async let text = transcription.finish()
        await decoder.release()
        #expect(try await text == "\(14 * Self.step)")
        #expect(await decoder.decoded == [14 * Self.step])
    }

    @Test("speech after a running speculation cancels it; the next pause decodes the longer prefix, which the end reuses")
    func speechCancelsTheRunningSpeculation() async throws {
        let decoder = FakeDecoder(heldCount: 14 * Self.step)
        let transcription = try Self.transcription(Self.script([(true, 10), (false, 6), (true, 6), (false, 6)]),
                                                   decoder: decoder)
        try Self.feed(transcription, steps: 16)
        // The first pause's decode is running and the speech has not resumed yet.
        #expect(transcription.statistics.speculativeDecodes == 1)
        #expect(transcription.statistics.cancelledSpeculations == 0)
        try Self.feed(transcription, steps: 12)
        // Speech at step 16 made the held decode obsolete: cancelled without being released.
        await decoder.cancellation()
        #expect(await decoder.cancelled == [14 * Self.step])
        #expect(transcription.statistics.cancelledSpeculations == 1)
        // The second pause (4 silent steps after the speech ending at step 22) decoded 26 steps.
        #expect(transcription.statistics.speculativeDecodes == 2)
        #expect(try await transcription.finish() == "\(26 * Self.step)")
        #expect(transcription.statistics.reusedSpeculation)
        #expect(await decoder.decoded == [14 * Self.step, 26 * Self.step])
    }

    @Test("no speech, or a stream longer than the speculation limit: one decode at the end only")
    func noSpeculationWithoutSpeechOrPastTheLimit() async throws {
        let silent = FakeDecoder()
        let quiet = try Self.transcription(Self.script([(false, 20)]), decoder: silent)
        try Self.feed(quiet, steps: 20)
        #expect(try await quiet.finish() == "\(20 * Self.step)")
        #expect(await silent.decoded == [20 * Self.step])

        let long = FakeDecoder()
        let limited = try Self.transcription(Self.script([(true, 10), (false, 10)]), decoder: long, maxSeconds: 0.3)
        try Self.feed(limited, steps: 20)
        #expect(limited.statistics.speculativeDecodes == 0)
        #expect(try await limited.finish() == "\(20 * Self.step)")
    }
}
