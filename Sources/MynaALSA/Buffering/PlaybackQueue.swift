import Foundation

/// Carries audio from `ALSAPlaybackDevice.write` (the producer, which awaits room) to the playback thread (the
/// consumer, which blocks), through a bounded `SampleRing` of whole frames. It also keeps the device's counters.
///
/// Thread-safety: every member takes `condition`'s lock (hence `@unchecked Sendable`). One writer at a time.
final class PlaybackQueue: @unchecked Sendable {
    let channelCount: Int
    private let condition = NSCondition()
    private let ring: SampleRing
    private var waitingWriter: CheckedContinuation<Void, Never>?
    private var waitingFinisher: CheckedContinuation<Void, Never>?
    private var inputEnded = false
    private var stopRequested = false
    private var done = false
    private var failure: (any Error)?
    private var underruns = 0
    private var writtenFrames = 0

    init(capacityFrames: Int, channelCount: Int) {
        self.channelCount = channelCount
        ring = SampleRing(capacity: max(capacityFrames, 1) * channelCount)
    }

    // MARK: Counters (any thread)

    var underrunCount: Int { locked { underruns } }
    var writtenFrameCount: Int { locked { writtenFrames } }
    var isStopRequested: Bool { locked { stopRequested } }

    // MARK: Producer

    /// Queues `samples` (whole frames), waiting for room as the playback thread takes audio.
    /// - Throws: the playback thread's failure once it has failed; `CancellationError` after `requestStop`, after
    ///   `endInput`, or when the task is cancelled while waiting.
    func push(_ samples: [Float]) async throws {
        precondition(samples.count % channelCount == 0, "\(samples.count) samples are not whole frames")
        var offset = 0
        while offset < samples.count {
            let appended = try samples.withUnsafeBufferPointer { try append($0, from: offset) }
            offset += appended
            if appended == 0 { try await waitForRoom() }
        }
    }

    /// No more input: the playback thread plays what is queued, drains the device and ends.
    func endInput() {
        locked {
            inputEnded = true
            condition.broadcast()
        }
    }

    /// Waits until the playback thread has ended, then throws its failure, if any.
    func waitUntilDone() async throws {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            condition.lock()
            defer { condition.unlock() }
            if done {
                continuation.resume()
            } else {
                precondition(waitingFinisher == nil, "ALSAPlaybackDevice.finish() must not be called concurrently")
                waitingFinisher = continuation
            }
        }
        if let failure = locked({ failure }) { throw failure }
    }

    /// Asks the playback thread to stop at once, discarding queued audio.
    func requestStop() {
        locked {
            stopRequested = true
            condition.broadcast()
            resumeWriterLocked()
        }
    }

    private func append(_ samples: UnsafeBufferPointer<Float>, from offset: Int) throws -> Int {
        condition.lock()
        defer { condition.unlock() }
        if let failure { throw failure }
        if done || stopRequested || inputEnded { throw CancellationError() }
        let count = min(ring.freeCount, samples.count - offset)
        guard count > 0 else { return 0 }
        ring.append(samples.baseAddress! + offset, count: count)
        condition.broadcast()
        return count
    }

    private func waitForRoom() async throws {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                condition.lock()
                defer { condition.unlock() }
                if ring.freeCount > 0 || done || stopRequested || Task.isCancelled {
                    continuation.resume()
                } else {
                    precondition(waitingWriter == nil, "ALSAPlaybackDevice.write(_:) must not be called concurrently")
                    waitingWriter = continuation
                }
            }
        } onCancel: {
            condition.lock()
            defer { condition.unlock() }
            resumeWriterLocked()
        }
        try Task.checkCancellation()
    }

    // MARK: Consumer (the playback thread)

    func countUnderrun() {
        locked { underruns += 1 }
    }

    /// Counts frames handed to the device (after conversion).
    func countWritten(_ frames: Int) {
        locked { writtenFrames += frames }
    }

    /// Blocks until audio is queued, then moves up to `maxFrames` frames into `destination` and returns how many; 0
    /// when the input has ended and everything was taken, or when a stop was requested.
    func take(maxFrames: Int, into destination: UnsafeMutablePointer<Float>) -> Int {
        condition.lock()
        defer { condition.unlock() }
        while ring.isEmpty && !inputEnded && !stopRequested {
            condition.wait()
        }
        guard !stopRequested, !ring.isEmpty else { return 0 }
        let count = min(ring.count, maxFrames * channelCount)
        ring.removeFirst(count, into: destination)
        resumeWriterLocked()
        return count / channelCount
    }

    /// The playback thread has ended (drained, stopped, or with `failure`).
    func end(failure: (any Error)?) {
        condition.lock()
        defer { condition.unlock() }
        done = true
        self.failure = failure
        resumeWriterLocked()
        let finisher = waitingFinisher
        waitingFinisher = nil
        finisher?.resume()
    }

    private func resumeWriterLocked() {
        let writer = waitingWriter
        waitingWriter = nil
        writer?.resume()
    }

    private func locked<Result>(_ body: () -> Result) -> Result {
        condition.lock()
        defer { condition.unlock() }
        return body()
    }
}
