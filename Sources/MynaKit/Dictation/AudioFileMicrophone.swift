import Foundation
import MynaCore

/// Recorded audio (a file, bytes, samples) played as if it were a microphone, as 16 kHz mono (decoded, downmixed and
/// resampled as it goes by the `AudioFrontEnd`).
///
/// - `.realTime`: audio "arrives" at the pace of a clock started by the first `read`: a read returns what has
///   arrived since the last one (waiting for the next period if nothing has), so a slow reader gets a larger backlog
///   next time, as from a capture queue. Like a capture queue it is bounded (`queueDuration`): a reader that falls
///   further behind loses the oldest audio, counted in `droppedFrameCount`.
/// - `.fast`: every read returns the next `maxFrames` frames at once, so a dictation runs as fast as it decodes and
///   gives the same events every run.
///
/// `stop()` (from any thread, e.g. on Ctrl-C) makes the next read return nil.
///
/// The real-time pace follows a `PaceClock`: the system's by default, a virtual one in tests, so that a test of the
/// queue's behaviour does not depend on how promptly a loaded machine wakes a sleeping task.
public final class AudioFileMicrophone: AudioSource, @unchecked Sendable {
    public enum Pace: Sendable, Equatable {
        case realTime
        case fast
    }

    public let format = AudioFormat.speech16k
    public let pace: Pace
    /// The input's name (its path for a file).
    public let path: String
    /// Seconds of the input (at its own rate).
    public let duration: Double
    /// Frames arrive in periods of this length at real-time pace, in seconds (a capture device's 50 ms).
    public static let periodDuration = 0.05

    private let clock: PaceClock
    private let frontEnd: AudioFrontEnd
    private let queueFrames: Int
    /// Converted samples not yet returned.
    private var pending: [Float] = []
    private var fileEnded = false
    /// Clock reading at the first real-time read, in seconds.
    private var clockStart: Double?
    /// Frames that have arrived by the clock so far (real-time pace).
    private var arrivedFrames = 0
    private let lock = NSLock()
    private var stopped = false
    private var dropped = 0

    /// The file at `path` (see `init(input:…)`).
    public convenience init(path: String, pace: Pace, queueDuration: Double = 10, clock: PaceClock = .system) throws {
        try self.init(input: .file(path: path), pace: pace, queueDuration: queueDuration, clock: clock)
    }

    /// - Throws: `AudioIOError` for audio libsndfile cannot open, or that holds none.
    public init(input: AudioInput, pace: Pace, queueDuration: Double = 10, clock: PaceClock = .system) throws {
        self.clock = clock
        // Blocks of 16384 frames: about 1 s of 16 kHz audio decoded ahead of the pace at a time.
        frontEnd = try AudioFrontEnd(input, sampleRate: AudioFormat.speech16k.sampleRate, blockFrames: 16_384)
        self.pace = pace
        self.path = input.name
        duration = frontEnd.sourceDuration
        queueFrames = Int(queueDuration * Double(AudioFormat.speech16k.sampleRate))
    }

    /// Ends the input: the next `read` returns nil.
    public func stop() {
        lock.lock()
        stopped = true
        lock.unlock()
    }

    /// Frames lost because the reader fell more than `queueDuration` behind (real-time pace only).
    public var droppedFrameCount: Int {
        lock.lock()
        defer { lock.unlock() }
        return dropped
    }

    private func countDropped(_ frames: Int) {
        lock.lock()
        dropped += frames
        lock.unlock()
    }

    private var isStopped: Bool {
        lock.lock()
        defer { lock.unlock() }
        return stopped
    }

    public func read(maxFrames: Int) async throws -> AudioBuffer? {
        precondition(maxFrames > 0, "maxFrames must be positive")
        guard pace == .realTime else {
            if isStopped { return nil }
            try fill(upTo: maxFrames)
            return take(maxFrames)
        }
        let rate = Double(format.sampleRate)
        let period = Int(Self.periodDuration * rate)
        let start = clockStart ?? clock.seconds()
        clockStart = start
        while true {
            if isStopped { return nil }
            // Frames that have arrived by now, in whole periods (no more than the file holds).
            let elapsed = clock.seconds() - start
            let due = Int(elapsed * rate) / period * period
            if due > arrivedFrames {
                try fill(upTo: due - deliveredFrames)
                arrivedFrames = min(due, deliveredFrames + pending.count)
            }
            var backlog = arrivedFrames - deliveredFrames
            if backlog > queueFrames {
                // The reader fell too far behind: the oldest audio is lost, as from a full capture queue.
                let excess = backlog - queueFrames
                pending.removeFirst(excess)
                deliveredFrames += excess
                backlog = queueFrames
                countDropped(excess)
            }
            if backlog > 0 { return take(min(maxFrames, backlog)) }
            if fileEnded && pending.isEmpty { return nil }
            let next = Double(due + period) / rate
            try await clock.sleep(max(0.001, next - elapsed))
        }
    }

    /// Frames returned (or dropped) so far; `pending[0]` is the frame after them.
    private var deliveredFrames = 0

    /// Decodes and converts until `pending` holds `count` samples or the file ended.
    private func fill(upTo count: Int) throws {
        while pending.count < count && !fileEnded {
            if let samples = try frontEnd.nextBlock() {
                pending += samples
            } else {
                fileEnded = true
            }
        }
    }

    private func take(_ count: Int) -> AudioBuffer? {
        let frames = min(count, pending.count)
        guard frames > 0 else { return nil }
        let samples = Array(pending.prefix(frames))
        pending.removeFirst(frames)
        deliveredFrames += frames
        return AudioBuffer(format: format, samples: samples)
    }
}

/// Time for a real-time `AudioFileMicrophone`: a reading in seconds and a way to wait.
public struct PaceClock: Sendable {
    /// Seconds since an arbitrary origin, never decreasing.
    public let seconds: @Sendable () -> Double
    /// Waits about this many seconds.
    public let sleep: @Sendable (Double) async throws -> Void

    public init(seconds: @escaping @Sendable () -> Double, sleep: @escaping @Sendable (Double) async throws -> Void) {
        self.seconds = seconds
        self.sleep = sleep
    }

    /// The monotonic system clock and `Task.sleep`.
    public static var system: PaceClock {
        let origin = ContinuousClock.now
        return PaceClock(seconds: { origin.duration(to: .now).seconds },
                         sleep: { try await Task.sleep(nanoseconds: UInt64($0 * 1e9)) })
    }
}
