import Foundation
import MynaCore
import MynaDSP
import MynaRecognition
import MynaTensor

/// Live dictation of one 16 kHz mono stream: voice activity with hysteresis → utterances → Whisper, with partial
/// hypotheses committed by LocalAgreement-2 and a final text per utterance.
///
/// Feed audio with `append` (cheap: the VAD and the log-mel front end), then call `update` for the decodes that are
/// due (the expensive part). A driver that reads everything captured before each `update` keeps up with real time
/// however long a decode takes: partials are simply decoded less often. `finish` ends the stream.
///
/// - Nothing is decoded while the VAD hears no speech.
/// - Partials: every `step` seconds of new speech the utterance so far is decoded greedily, forced to begin with the
///   committed words, and the words that this hypothesis and the previous one agree on are committed.
/// - Finals: when the utterance ends, it is decoded once more (faster-whisper's beam search and fallback) as
///   `transcribe` would decode it, and that text is final when it begins with the committed words; otherwise the
///   same window is decoded again forced to begin with them (`decodeFinal`). When the probability first drops, that
///   decode starts at once (speculatively); if the utterance does end there, its result is the final text without
///   another decode.
/// - Each utterance is prompted with the committed text before it (at most `promptTokenLimit` tokens).
///
/// Not thread-safe: one session per stream, used from one task at a time. Deterministic: the same audio appended
/// in the same chunks gives the same events.
public final class DictationSession {
    public let options: DictationOptions
    public let transcriber: WhisperTranscriber
    /// Statistics so far.
    public private(set) var statistics = DictationStatistics()

    private let vad: any VoiceActivityStream
    private var segmenter: UtteranceSegmenter
    private let mel: LogMelHistory
    private let agreement: LocalAgreement
    private let sampleRate = WhisperLogMelExtractor.whisperSampleRate
    private let windowFrames: Int
    /// Samples waiting for a whole VAD step.
    private var pendingStep: [Float] = []
    private var isFinished = false
    /// The probability of the last VAD step.
    private var lastProbability: Float = 0
    /// When partials are due, and when they are shed because decoding fell behind real time.
    private var schedule: PartialSchedule

    private var current: Utterance?
    private var ended: [Utterance] = []
    private var nextUtteranceID = 0
    /// Where the last utterance's decoded audio ended (the next one's padding stops there).
    private var lastPaddedEnd = 0
    /// Committed text of the utterances before, as tokens (the prompt).
    private var history: [Int] = []

    private let padSamples: Int
    private let endPadSamples: Int
    private let stepSamples: Int
    private let firstStepSamples: Int
    private let minSpeechSamples: Int

    /// - Parameters:
    ///   - vad: A fresh voice-activity stream at 16 kHz (Silero VAD's 512-sample steps, or a fake in tests).
    /// - Throws: `ConfigurationError` for invalid options or a VAD at another rate.
    public init(transcriber: WhisperTranscriber, vad: any VoiceActivityStream, options: DictationOptions = .default) throws {
        try options.validate()
        guard vad.sampleRate == sampleRate, vad.stepSampleCount > 0 else {
            throw ConfigurationError(field: "vad", message: "takes \(vad.sampleRate) Hz audio; dictation needs a 16 kHz detector")
        }
        self.options = options
        self.transcriber = transcriber
        self.vad = vad
        segmenter = UtteranceSegmenter(options: options.segmentation, sampleRate: sampleRate,
                                       stepSampleCount: vad.stepSampleCount)
        mel = try LogMelHistory(melCount: transcriber.model.configuration.nMels)
        agreement = LocalAgreement(tokenizer: transcriber.model.tokenizer)
        windowFrames = 2 * transcriber.model.configuration.audioContext
        func samples(_ seconds: Double) -> Int { Int((seconds * Double(WhisperLogMelExtractor.whisperSampleRate)).rounded()) }
        padSamples = samples(options.segmentation.speechPad)
        endPadSamples = samples(options.segmentation.endPad)
        stepSamples = samples(options.step)
        firstStepSamples = samples(options.firstStep)
        minSpeechSamples = samples(options.segmentation.minSpeechDuration)
        schedule = PartialSchedule(stepSamples: stepSamples, firstStepSamples: firstStepSamples,
                                   budget: options.partialBudget, maxBacklogSamples: samples(options.maxBacklog))
        if let prompt = options.initialPrompt {
            history = transcriber.model.tokenizer.encode(" " + prompt.trimmingCharacters(in: .whitespacesAndNewlines))
        }
    }

    /// Runs the encoder and a short decode once on a silent window, so the first utterance does not pay for paging
    /// in the weights and starting the BLAS threads (a cold encoder pass is several times slower).
    public func warmUp() {
        let window = mel.window(frames: 0..<0, windowFrames: windowFrames)
        var options = options.partialDecoding
        options.noSpeechThreshold = nil
        // Only a cancelled task fails here, and then nothing needs warming up.
        _ = try? transcriber.decodeUtterance(transcriber.encode(window: window), previousTokens: [], prefixTokens: [],
                                             options: options)
    }

    /// Samples appended so far.
    public var sampleCount: Int { mel.sampleCount }

    /// Whether an utterance is in progress.
    public var isInUtterance: Bool { current != nil }

    /// Adds captured samples (16 kHz mono): runs the VAD on every whole step and the log-mel front end. Cheap.
    /// - Throws: `FeatureError` for a sample that is not finite.
    public func append(_ samples: [Float]) throws {
        precondition(!isFinished, "DictationSession.append after finish()")
        let started = ContinuousClock.now
        defer { statistics.frontEndSeconds += started.duration(to: .now).seconds }
        try mel.append(samples)
        schedule.appended(samples.count)
        pendingStep += samples
        let step = vad.stepSampleCount
        var offset = 0
        while pendingStep.count - offset >= step {
            let probability = try pendingStep.withUnsafeBufferPointer { buffer in
                try vad.speechProbability(of: UnsafeBufferPointer(rebasing: buffer[offset..<(offset + step)]))
            }
            offset += step
            lastProbability = probability
            let events = segmenter.process(probability)
            handle(events, at: segmenter.stepCount * step)      // decided at the end of this step
        }
        pendingStep.removeFirst(offset)
        statistics.audioSeconds = Double(sampleCount) / Double(sampleRate)
    }

    /// Runs the decodes that are due: finals of utterances that ended, then a speculative final or a partial of the
    /// utterance in progress. Returns the events in order. Finals never wait behind a partial: they come first, and
    /// no partial is decoded while more than `maxBacklog` of audio arrived since the last update (the session is
    /// behind real time), nor more often than `partialBudget` allows (`PartialSchedule`).
    /// - Throws: `CancellationError` when the calling task is cancelled (a decode stops within one token).
    public func update() throws -> [DictationEvent] {
        var events: [DictationEvent] = []
        defer {
            trimHistory()
            statistics.shedPartials = schedule.shedCount
        }
        let behind = schedule.beginUpdate()
        while let utterance = ended.first, mel.isFinished || mel.endFrame >= frame(utterance.paddedEnd!) {
            ended.removeFirst()
            if let final = try finalize(utterance) { events.append(.final(final)) }
        }
        guard ended.isEmpty, var utterance = current else { return events }
        let available = availableSample
        if let pause = utterance.pauseEnd {
            let end = pause + endPadSamples
            if options.speculativeFinal, utterance.speculation?.end != end, available >= end,
               pause - utterance.speechStart >= minSpeechSamples {
                let decoding = try decode(utterance, end: end, kind: .speculative)
                utterance.speculation = Speculation(end: end, prefix: utterance.committed, decoding: decoding)
                if let partial = accept(decoding, end: end, into: &utterance) { events.append(.partial(partial)) }
            }
        } else {
            // Not while the probability is falling below the onset: the speech may be ending, and the speculative
            // final decode should not have to wait for a partial.
            if available - utterance.speechStart >= minSpeechSamples,
               lastProbability >= options.segmentation.onsetThreshold,
               schedule.isDue(available: available, speechStart: utterance.speechStart,
                              lastDecodedEnd: utterance.lastDecodedEnd, behind: behind) {
                schedule.decodedPartial()
                let decoding = try decode(utterance, end: available, kind: .partial)
                if let partial = accept(decoding, end: available, into: &utterance) { events.append(.partial(partial)) }
            }
        }
        current = utterance
        return events
    }

    /// Ends the stream: the utterance in progress ends here (its final's reason is `reason`: `.endOfInput`, or
    /// `.stopped` when the user stopped the input), and every final still due is decoded.
    public func finish(reason: UtteranceEndReason = .endOfInput) throws -> [DictationEvent] {
        guard !isFinished else { return [] }
        isFinished = true
        try mel.finish()
        handle(segmenter.finish(sampleCount: sampleCount, reason: reason), at: sampleCount)
        return try update()
    }

    // MARK: - Utterances

    private struct Speculation {
        var end: Int
        var prefix: [Int]
        var decoding: WhisperUtteranceDecoding
    }

    private struct Utterance {
        let id: Int
        let speechStart: Int
        let paddedStart: Int
        var speechEnd: Int?
        var paddedEnd: Int?
        var endpoint = 0
        var reason = UtteranceEndReason.silence
        /// Where the current pause began, while the utterance is pausing.
        var pauseEnd: Int?
        /// Committed tokens: every later hypothesis is forced to begin with them.
        var committed: [Int] = []
        /// The previous usable hypothesis (committed prefix included), for LocalAgreement-2.
        var previous: [Int]?
        /// The end of the audio of the last decode.
        var lastDecodedEnd: Int?
        var speculation: Speculation?
        var shownPartial = false
    }

    private func handle(_ events: [UtteranceSegmenterEvent], at position: Int) {
        for event in events {
            switch event {
            case .onset(let start):
                // Padding before the onset, but not into the previous utterance; aligned to a log-mel frame.
                let padded = max(start - padSamples, lastPaddedEnd, 0) / LogMelHistory.hop * LogMelHistory.hop
                current = Utterance(id: nextUtteranceID, speechStart: start, paddedStart: padded)
                nextUtteranceID += 1
            case .pause(let end):
                current?.pauseEnd = end
            case .resume:
                current?.pauseEnd = nil
            case .offset(_, let end, let reason):
                guard var utterance = current else { continue }
                utterance.speechEnd = end
                // A cut has no padding: the next utterance starts right there.
                utterance.paddedEnd = reason == .maxDuration ? end : min(end + endPadSamples, max(position, end))
                utterance.endpoint = position
                utterance.reason = reason
                lastPaddedEnd = utterance.paddedEnd!
                ended.append(utterance)
                current = nil
            case .discard:
                if let utterance = current, utterance.shownPartial {
                    // Clear what was shown: a final with no text.
                    var cleared = utterance
                    cleared.speechEnd = cleared.speechStart
                    cleared.paddedEnd = cleared.paddedStart
                    ended.append(cleared)
                }
                statistics.discardedCount += 1
                current = nil
            }
        }
    }

    /// The last sample whose log-mel frame is computed.
    private var availableSample: Int { mel.endFrame * LogMelHistory.hop }

    private func frame(_ sample: Int) -> Int { (sample + LogMelHistory.hop - 1) / LogMelHistory.hop }

    private enum DecodeKind { case partial, speculative, final }

    private func decode(_ utterance: Utterance, end: Int, kind: DecodeKind) throws -> WhisperUtteranceDecoding {
        let started = ContinuousClock.now
        let frames = (utterance.paddedStart / LogMelHistory.hop)..<frame(end)
        var encodedFrames = windowFrames
        if kind == .partial, let padding = options.partialEncoderPadding {
            let wanted = frames.count + Int((padding * Double(sampleRate / LogMelHistory.hop)).rounded(.up))
            encodedFrames = min(windowFrames, (wanted + 1) / 2 * 2)
        }
        let window = mel.window(frames: frames, windowFrames: encodedFrames)
        let encoded = transcriber.encode(window: window)
        statistics.encoderSeconds += started.duration(to: .now).seconds
        let prompt = Array(history.suffix(options.promptTokenLimit))
        let decoding = kind == .partial
            ? try transcriber.decodeUtterance(encoded, previousTokens: prompt, prefixTokens: utterance.committed,
                                              options: options.partialDecoding)
            : try decodeFinal(encoded, prompt: prompt, committed: utterance.committed)
        let seconds = started.duration(to: .now).seconds
        switch kind {
        case .partial: statistics.partialDecodes += 1; statistics.partialSeconds += seconds
        case .speculative: statistics.speculativeDecodes += 1; statistics.speculativeSeconds += seconds
        case .final: statistics.finalDecodes += 1; statistics.finalSeconds += seconds
        }
        return decoding
    }

    /// The final text of an utterance (or its speculative decode): decoded as `transcribe` decodes a window, with no
    /// forced prefix, and kept when its first words are the committed ones; only when they are not (a word the greedy
    /// partials committed that the beam search spells otherwise), decoded again on the same encoded window, forced to
    /// begin with the committed words. Forcing them every time made finals less accurate than `transcribe` even
    /// where the free decode agreed with them: the forced tokens change what the beam search finds after them
    /// ("should be | fine informed" where the free decode heard "should be fine in form", issue 20). The price: the
    /// committed words are generated again instead of being read in one step (on the long-form recording, 1.19 s
    /// instead of 0.92 s per speculative decode on a loaded two-core machine; the encoder pass is shared).
    private func decodeFinal(_ encoded: WhisperEncodedWindow, prompt: [Int], committed: [Int]) throws -> WhisperUtteranceDecoding {
        let free = try transcriber.decodeUtterance(encoded, previousTokens: prompt, prefixTokens: [],
                                                   options: options.finalDecoding)
        guard !committed.isEmpty else { return free }
        if let covered = agreement.tokenCount(covering: committed[...], in: free.tokens[...]) {
            var continued = free
            continued.tokens = Array(free.tokens[covered...])
            continued.text = transcriber.model.tokenizer.decode(committed + continued.tokens)
            return continued
        }
        statistics.forcedFinals += 1
        return try transcriber.decodeUtterance(encoded, previousTokens: prompt, prefixTokens: committed,
                                               options: options.finalDecoding)
    }

    /// LocalAgreement-2 with a new hypothesis; returns the partial to show (nil when it is unusable and nothing
    /// was shown before).
    private func accept(_ decoding: WhisperUtteranceDecoding, end: Int, into utterance: inout Utterance) -> DictationPartial? {
        utterance.lastDecodedEnd = end
        let hypothesis = utterance.committed + decoding.tokens
        if isUsable(decoding, prefix: utterance.committed) {
            if let previous = utterance.previous {
                let base = utterance.committed.count
                let agreed = agreement.agreedTokenCount(previous[min(base, previous.count)...], hypothesis[base...])
                utterance.committed = Array(hypothesis.prefix(base + agreed))
            }
            utterance.previous = hypothesis
        } else {
            utterance.previous = nil
            guard utterance.shownPartial else { return nil }
        }
        let shown = isUsable(decoding, prefix: utterance.committed) ? hypothesis : utterance.committed
        utterance.shownPartial = true
        let (committed, tentative) = split(shown, committedCount: utterance.committed.count)
        return DictationPartial(utterance: utterance.id, start: seconds(utterance.speechStart), end: seconds(end),
                                committed: committed, tentative: tentative)
    }

    /// A hypothesis worth showing and agreeing with: not silence (unless words were committed already), not a
    /// repetition loop, not improbable (faster-whisper's fallback thresholds).
    private func isUsable(_ decoding: WhisperUtteranceDecoding, prefix: [Int]) -> Bool {
        if decoding.isSilence && prefix.isEmpty { return false }
        let thresholds = options.finalDecoding
        if let ratio = thresholds.compressionRatioThreshold, decoding.compressionRatio > ratio { return false }
        if let logProb = thresholds.logProbThreshold, decoding.avgLogProb < logProb { return false }
        return true
    }

    private func finalize(_ ended: Utterance) throws -> DictationFinal? {
        var utterance = ended
        let end = utterance.paddedEnd!
        var text = ""
        var words: [TranscriptWord]?
        if end > utterance.paddedStart {
            let decoding: WhisperUtteranceDecoding
            if let speculation = utterance.speculation, speculation.end == end,
               (speculation.prefix + speculation.decoding.tokens).starts(with: utterance.committed) {
                decoding = speculation.decoding
                statistics.reusedFinals += 1
                utterance.committed = speculation.prefix
            } else {
                decoding = try decode(utterance, end: end, kind: .final)
            }
            if !(decoding.isSilence && utterance.committed.isEmpty) {
                let tokens = utterance.committed + decoding.tokens
                text = decoding.text.trimmingCharacters(in: .whitespacesAndNewlines)
                if options.finalDecoding.wordTimestamps { words = finalWords(utterance, end: end, tokens: tokens, language: decoding.language) }
                if decoding.temperature > options.finalDecoding.promptResetOnTemperature
                    || !options.finalDecoding.conditionOnPreviousText {
                    history = []
                } else {
                    history += tokens
                }
            }
        }
        if text.isEmpty { statistics.silentUtteranceCount += 1 } else { statistics.utteranceCount += 1 }
        guard !text.isEmpty || utterance.shownPartial else { return nil }
        return DictationFinal(utterance: utterance.id, start: seconds(utterance.speechStart),
                              end: seconds(utterance.speechEnd!), text: text, endpoint: seconds(utterance.endpoint),
                              reason: utterance.reason, words: options.finalDecoding.wordTimestamps ? words ?? [] : nil)
    }

    /// The final text's words, timed on the window the final was decoded from (encoded again: a speculative final
    /// keeps only its tokens), so word timestamps cost one more encoder pass per utterance.
    private func finalWords(_ utterance: Utterance, end: Int, tokens: [Int], language: String) -> [TranscriptWord] {
        let frames = (utterance.paddedStart / LogMelHistory.hop)..<frame(end)
        let encoded = transcriber.encode(window: mel.window(frames: frames, windowFrames: windowFrames))
        return transcriber.utteranceWords(encoded, tokens: tokens, language: language, task: options.finalDecoding.task,
                                          frames: min(frames.count, windowFrames), timeOffset: seconds(utterance.paddedStart))
    }

    /// Keeps the log-mel frames the pending and current utterances need (or the last padding's worth when idle), and
    /// a bounded prompt history.
    private func trimHistory() {
        let keepFrom = ended.first?.paddedStart ?? current?.paddedStart ?? max(0, sampleCount - padSamples - stepSamples)
        mel.discard(before: max(0, keepFrom - LogMelHistory.hop) / LogMelHistory.hop)
        if history.count > 4 * max(options.promptTokenLimit, 1) { history = Array(history.suffix(options.promptTokenLimit)) }
    }

    private func split(_ tokens: [Int], committedCount: Int) -> (String, String) {
        let tokenizer = transcriber.model.tokenizer
        let committed = tokenizer.decode(Array(tokens.prefix(committedCount)))
        let all = tokenizer.decode(tokens)
        let tentative = all.hasPrefix(committed) ? String(all.dropFirst(committed.count))
            : tokenizer.decode(Array(tokens.dropFirst(committedCount)))
        let trimmedCommitted = String(committed.drop { $0 == " " })
        let trimmedTentative = trimmedCommitted.isEmpty ? String(tentative.drop { $0 == " " }) : tentative
        return (trimmedCommitted, trimmedTentative)
    }

    private func seconds(_ sample: Int) -> Double { Double(sample) / Double(sampleRate) }
}

extension Duration {
    /// The duration in seconds, as a Double.
    var seconds: Double {
        let (s, attoseconds) = components
        return Double(s) + Double(attoseconds) * 1e-18
    }
}
