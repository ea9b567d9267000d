import MynaCore

/// The transcript of an audio stream that is still arriving (a Wyoming `audio-start` … `audio-stop`), decoded exactly
/// as a file of the whole stream would be, but mostly before the stream ends.
///
/// A voice detector follows the stream as it arrives (cheap). When the speaker pauses, the audio so far is decoded in
/// the background (speculatively). At the end of the stream, if no speech was heard after the audio that decode
/// covered, its result is the transcript and the end costs no decode at all; otherwise the whole stream is decoded
/// then, as before. Home Assistant ends a stream after its own VAD hears a second or so of silence, so the speculation
/// usually holds and the transcript follows `audio-stop` at once.
///
/// Why whole-prefix decodes rather than one decode per utterance: the text must equal `myna transcribe`'s for the same
/// audio (Whisper's prompt, its 30 s window and its punctuation across pauses), and a Whisper encoder pass costs the
/// same for 2 s as for 30 s, so decoding the prefix costs no more than decoding the last utterance alone. Speculation
/// stops past `maxSpeculativeSeconds` (one window), where re-decoding the prefix at every pause would grow with the
/// stream; longer streams are decoded at the end.
///
/// At most one speculative decode runs at a time per stream. Speech heard after the audio a running speculation
/// covers makes it obsolete (it can no longer be the transcript): it is cancelled at once and stops within one
/// decoding step (the decoder checks for cancellation before every token), so it does not compete with the decode
/// of the longer prefix at the next pause, nor with the decode at the end. The tail shorter than one VAD step (32 ms)
/// is not judged.
///
/// Not thread-safe: one owner (the connection) calls `append` and `finish` in order. Generic over the result so that
/// the policy can be tested with a fake decoder.
public final class SpeculativeTranscription<Result: Sendable> {
    /// Decodes 16 kHz mono samples (the whole stream so far, or all of it at the end).
    public typealias Decode = @Sendable ([Float]) async throws -> Result

    /// What happened so far, for logs and tests.
    public struct Statistics: Sendable, Equatable {
        /// Speculative decodes started.
        public var speculativeDecodes = 0
        /// Speculative decodes cancelled because speech followed the audio they cover, or at the end because
        /// they were not needed.
        public var cancelledSpeculations = 0
        /// Whether `finish` used a speculative decode (no decode after the end).
        public var reusedSpeculation = false
    }

    public private(set) var statistics = Statistics()

    private let vad: any VoiceActivityStream
    private var tracker: SpeechPauseTracker
    private let decode: Decode
    private let maxSpeculativeSamples: Int
    /// The stream so far, 16 kHz mono.
    private var samples: [Float] = []
    private var speculation: Speculation?

    private struct Speculation {
        /// Samples of the stream the decode covers.
        let end: Int
        let task: Task<Result, Error>
        /// Set by the decode's task when it ends, read by the owner without waiting.
        let done: SetOnceFlag
    }

    /// - Parameters:
    ///   - vad: A fresh voice-activity stream at 16 kHz (Silero's 512-sample steps, or a fake in tests).
    ///   - speechThreshold: A step at or above this probability is speech (silero-vad's 0.5).
    ///   - pauseSeconds: Silence after speech before the audio so far is decoded (0.1 s: Silero's probability falls a
    ///     step or two after the last word, and a little trailing silence lets Whisper close the sentence as it
    ///     does with the whole stream).
    ///   - maxSpeculativeSeconds: No speculation once the stream is longer than this (one Whisper window).
    ///   - decode: The decoder of the whole stream (the same for speculation and at the end).
    public init(vad: any VoiceActivityStream, speechThreshold: Float = 0.5, pauseSeconds: Double = 0.1,
                maxSpeculativeSeconds: Double = 30, decode: @escaping Decode) throws {
        let rate = AudioFormat.speech16k.sampleRate
        guard vad.sampleRate == rate, vad.stepSampleCount > 0 else {
            throw ConfigurationError(field: "vad", message: "takes \(vad.sampleRate) Hz audio; a 16 kHz detector is needed")
        }
        guard pauseSeconds.isFinite, pauseSeconds >= 0, maxSpeculativeSeconds.isFinite, maxSpeculativeSeconds >= 0 else {
            throw ConfigurationError(field: "pauseSeconds", message: "pause and length limits must be finite and ≥ 0 s")
        }
        self.vad = vad
        let pauseSteps = max(1, Int((pauseSeconds * Double(rate) / Double(vad.stepSampleCount)).rounded(.up)))
        tracker = SpeechPauseTracker(threshold: speechThreshold, stepSampleCount: vad.stepSampleCount,
                                     pauseSteps: pauseSteps)
        maxSpeculativeSamples = Int(maxSpeculativeSeconds * Double(rate))
        self.decode = decode
    }

    deinit { speculation?.task.cancel() }

    /// Samples received so far.
    public var sampleCount: Int { samples.count }

    /// Adds arriving samples (16 kHz mono): runs the voice detector on every whole step, and starts a speculative
    /// decode of the stream so far when the speaker pauses and none is running.
    /// - Throws: `FeatureError` for a sample that is not finite.
    public func append(_ newSamples: [Float]) throws {
        samples += newSamples
        let step = tracker.stepSampleCount
        while samples.count - tracker.judgedSamples >= step {
            let start = tracker.judgedSamples
            let probability = try samples.withUnsafeBufferPointer { buffer in
                try vad.speechProbability(of: UnsafeBufferPointer(rebasing: buffer[start..<(start + step)]))
            }
            tracker.process(probability)
        }
        cancelObsoleteSpeculation()
        speculateIfDue()
    }

    /// The transcript of the whole stream: the speculative decode's when no speech came after it (awaited if still
    /// running), else a decode of everything now.
    /// - Throws: the decoder's error; `CancellationError` when the calling task is cancelled.
    public func finish() async throws -> Result {
        if let speculation, !tracker.heardSpeech(after: speculation.end) {
            let task = speculation.task
            do {
                let result = try await withTaskCancellationHandler {
                    try await task.value
                } onCancel: {
                    task.cancel()
                }
                statistics.reusedSpeculation = true
                return result
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                // A failed speculation: the decode of everything below says why, if it fails too.
            }
        }
        cancelSpeculation()
        return try await decode(samples)
    }

    /// Stops a speculative decode (the stream will not end normally).
    public func cancel() {
        cancelSpeculation()
    }

    /// Stops a speculative decode and returns once its task has ended (within one decoding step of the decoder, or
    /// after the encoder pass it is in): a server that stops waits for this before it exits.
    public func cancelAndWait() async {
        let task = speculation?.task
        cancelSpeculation()
        _ = await task?.result
    }

    /// Cancels a running speculation that speech came after (it can never be the transcript).
    private func cancelObsoleteSpeculation() {
        guard let speculation, !speculation.done.isSet, tracker.heardSpeech(after: speculation.end) else { return }
        cancelSpeculation()
    }

    private func cancelSpeculation() {
        guard let speculation else { return }
        if !speculation.done.isSet {
            speculation.task.cancel()
            statistics.cancelledSpeculations += 1
        }
        self.speculation = nil
    }

    private func speculateIfDue() {
        guard tracker.isPausing, samples.count <= maxSpeculativeSamples else { return }
        if let speculation {
            // Covered already (a running one that speech came after was cancelled above).
            guard tracker.heardSpeech(after: speculation.end) else { return }
        }
        let audio = samples
        let done = SetOnceFlag()
        let decode = decode
        let task = Task<Result, Error> {
            defer { done.set() }
            return try await decode(audio)
        }
        speculation = Speculation(end: audio.count, task: task, done: done)
        statistics.speculativeDecodes += 1
    }
}
