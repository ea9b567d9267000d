import MynaCore

/// Audio lost between two reads of a live source.
public struct AudioLoss: Sendable, Equatable {
    /// Where in the stream the gap is, in seconds of audio (read plus dropped) before it.
    public var position: Double
    /// Device overruns since the last report (each lost some audio inside the driver).
    public var overruns: Int
    /// Seconds of audio dropped from the capture queue since the last report because the reader fell behind.
    public var droppedSeconds: Double

    public init(position: Double, overruns: Int, droppedSeconds: Double) {
        self.position = position
        self.overruns = overruns
        self.droppedSeconds = droppedSeconds
    }
}

/// Passes reads through to a live source and reports audio lost since the previous read (device overruns, frames
/// dropped from a full capture queue) as soon as a read notices it: someone dictating wants to know at that moment
/// that words may be missing, not only in the closing summary.
///
/// Thread-safety: as the source it wraps; one reader.
public final class LossReportingSource: AudioSource {
    private let source: any AudioSource
    private let counters: () -> (overruns: Int, droppedFrames: Int)
    private let report: (AudioLoss) -> Void
    private var reported = (overruns: 0, droppedFrames: 0)
    /// Frames returned so far plus frames dropped so far: the stream position the next buffer starts at.
    private var streamFrames = 0

    /// - Parameters:
    ///   - counters: The source's running totals (overruns, dropped frames in `source.format`).
    ///   - report: Called from `read` with what was lost since the last call.
    public init(_ source: any AudioSource, counters: @escaping () -> (overruns: Int, droppedFrames: Int),
                report: @escaping (AudioLoss) -> Void) {
        self.source = source
        self.counters = counters
        self.report = report
    }

    public var format: AudioFormat { source.format }

    public func read(maxFrames: Int) async throws -> AudioBuffer? {
        let buffer = try await source.read(maxFrames: maxFrames)
        let now = counters()
        if now.overruns != reported.overruns || now.droppedFrames != reported.droppedFrames {
            let dropped = now.droppedFrames - reported.droppedFrames
            // The dropped frames were the oldest queued ones: the gap is before this buffer.
            let rate = Double(format.sampleRate)
            report(AudioLoss(position: Double(streamFrames) / rate, overruns: now.overruns - reported.overruns,
                             droppedSeconds: Double(dropped) / rate))
            streamFrames += dropped
            reported = now
        }
        streamFrames += buffer?.frameCount ?? 0
        return buffer
    }
}
