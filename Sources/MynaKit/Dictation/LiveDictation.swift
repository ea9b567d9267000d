import MynaCore
import MynaDSP

/// Drives a `DictationSession` from an `AudioSource` (a microphone, a paced file): reads everything the source has
/// captured, feeds it to the session, runs the decodes that are due, and repeats, so a slow decode never holds up
/// capture (the source keeps capturing into its own bounded buffer meanwhile) and partials simply come less often.
///
/// Audio in another format is downmixed and resampled to 16 kHz on the way in (soxr, incrementally).
public enum LiveDictation {
    /// Runs until the source ends (returns nil: end of file, or the device was stopped, e.g. by Ctrl-C), then ends
    /// the utterance in progress and delivers its final text. A source that fails (a device unplugged) ends the
    /// same way, and its error is rethrown after the final text.
    ///
    /// - Parameters:
    ///   - readFrames: The most frames taken from the source at once (a live source returns what it has queued, up
    ///     to this; a file read as fast as possible returns this many, so it sets how often decodes may happen).
    ///   - frameLimit: Stop after this many frames of the source (nil: until it ends).
    ///   - isStopped: Whether the source ended because the user stopped it (Ctrl-C): the utterance in progress then
    ///     ends with reason `.stopped` instead of `.endOfInput`.
    ///   - onEvent: Called with every event, in order.
    public static func run(_ session: DictationSession, source: any AudioSource, readFrames: Int = 16_000 * 30,
                           frameLimit: Int? = nil, isStopped: @Sendable () -> Bool = { false },
                           onEvent: (DictationEvent) throws -> Void) async throws {
        let converter = try AudioFrontEnd.Converter(from: source.format.sampleRate, to: AudioFormat.speech16k.sampleRate,
                                                    name: "audio source")
        var remaining = frameLimit ?? Int.max
        do {
            while remaining > 0, let buffer = try await source.read(maxFrames: min(readFrames, remaining)) {
                try Task.checkCancellation()
                remaining -= buffer.frameCount
                try session.append(converter.convert(buffer))
                for event in try session.update() { try onEvent(event) }
            }
            try session.append(converter.flush())
        } catch let error where !(error is CancellationError) {
            // What the resampler still holds was heard before the failure.
            if let rest = try? converter.flush() { try? session.append(rest) }
            for event in try session.finish() { try onEvent(event) }
            throw error
        }
        for event in try session.finish(reason: isStopped() ? .stopped : .endOfInput) { try onEvent(event) }
    }
}
