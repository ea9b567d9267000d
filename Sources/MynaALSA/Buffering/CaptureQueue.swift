import Foundation

/// Carries captured audio from the capture thread (the producer, which may block) to `ALSACaptureDevice.read` (the
/// consumer, which awaits), through a bounded `SampleRing` of whole frames. It also keeps the device's counters.
///
/// Thread-safety: every member takes `condition`'s lock, so the capture thread, the reading task and callers of
/// `requestStop` or the counters may use it at once (hence `@unchecked Sendable`). One reader at a time.
final class CaptureQueue: @unchecked Sendable {
    /// What `take` found.
    private enum Take {
        case samples([Float])
        case end
        case empty
    }

    let channelCount: Int
    private let condition = NSCondition()
    private let ring: SampleRing
    private var waitingReader: CheckedContinuation<Void, Never>?
    private var stopRequested = false
    /// The device was released: nobody will read again.
    private var abandoned = false
    private var ended = false
    private var failure: (any Error)?
    private var overruns = 0
    private var droppedFrames = 0
    private var capturedFrames = 0

    /// A queue holding up to `capacityFrames` frames of `channelCount` channels.
    init(capacityFrames: Int, channelCount: Int) {
        self.channelCount = channelCount
        ring = SampleRing(capacity: max(capacityFrames, 1) * channelCount)
    }

    // MARK: Counters (any thread)

    var overrunCount: Int { locked { overruns } }
    var droppedFrameCount: Int { locked { droppedFrames } }
    var capturedFrameCount: Int { locked { capturedFrames } }
    var isStopRequested: Bool { locked { stopRequested } }

    // MARK: Producer (the capture thread)

    func countOverrun() {
        locked { overruns += 1 }
    }

    /// Counts frames read from the device (before conversion).
    func countCaptured(_ frames: Int) {
        locked { capturedFrames += frames }
    }

    /// Queues `samples` (whole frames). When the ring is full, `.dropOldest` discards the oldest queued frames and counts
    /// them; `.waitForReader` blocks until the reader makes room, unless the queue was abandoned (then it drops too, so
    /// the capture thread can end when nobody will read any more).
    func push(_ samples: UnsafeBufferPointer<Float>, policy: ALSACaptureOptions.OverflowPolicy) {
        guard let base = samples.baseAddress, !samples.isEmpty else { return }
        precondition(samples.count % channelCount == 0, "\(samples.count) samples are not whole frames")
        condition.lock()
        defer { condition.unlock() }
        var offset = 0
        while offset < samples.count {
            var room = ring.freeCount
            if room == 0 {
                if policy == .waitForReader && !abandoned {
                    condition.wait()
                    continue
                }
                let discarded = min(samples.count - offset, ring.capacity)
                ring.discardFirst(discarded)
                droppedFrames += discarded / channelCount
                room = discarded
            }
            let chunk = min(room, samples.count - offset)
            ring.append(base + offset, count: chunk)
            offset += chunk
            resumeReaderLocked()
        }
    }

    /// The capture thread has ended (after a stop, or with `failure`): the reader gets what is queued, then nil or
    /// the failure.
    func end(failure: (any Error)?) {
        condition.lock()
        defer { condition.unlock() }
        ended = true
        self.failure = failure
        resumeReaderLocked()
        condition.broadcast()
    }

    // MARK: Consumer

    /// Asks the capture thread to end; it stops after the read in progress (at most about a period). The reader is
    /// expected to take the rest, up to nil.
    func requestStop() {
        condition.lock()
        defer { condition.unlock() }
        stopRequested = true
        condition.broadcast()
    }

    /// Stops the capture thread for good when nobody will read again (the device was released): queued audio may be
    /// dropped so the thread never waits for room.
    func abandon() {
        condition.lock()
        defer { condition.unlock() }
        stopRequested = true
        abandoned = true
        condition.broadcast()
    }

    /// Up to `maxFrames` frames, waiting until some are queued; nil once the capture thread ended and everything was
    /// taken; throws the thread's failure (every time) after the queued audio; `CancellationError` when the task is
    /// cancelled while waiting.
    func pop(maxFrames: Int) async throws -> [Float]? {
        while true {
            switch try take(maxFrames: maxFrames) {
            case .samples(let samples): return samples
            case .end: return nil
            case .empty: try await waitForData()
            }
        }
    }

    private func take(maxFrames: Int) throws -> Take {
        condition.lock()
        defer { condition.unlock() }
        if !ring.isEmpty {
            let samples = ring.removeFirst(min(ring.count, maxFrames * channelCount))
            condition.broadcast()
            return .samples(samples)
        }
        if ended {
            if let failure { throw failure }
            return .end
        }
        return .empty
    }

    private func waitForData() async throws {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                condition.lock()
                defer { condition.unlock() }
                if !ring.isEmpty || ended || Task.isCancelled {
                    continuation.resume()
                } else {
                    precondition(waitingReader == nil, "ALSACaptureDevice.read(maxFrames:) must not be called concurrently")
                    waitingReader = continuation
                }
            }
        } onCancel: {
            condition.lock()
            defer { condition.unlock() }
            resumeReaderLocked()
        }
        try Task.checkCancellation()
    }

    /// Wakes a reader waiting for data. Caller holds the lock.
    private func resumeReaderLocked() {
        let reader = waitingReader
        waitingReader = nil
        reader?.resume()
    }

    private func locked<Result>(_ body: () -> Result) -> Result {
        condition.lock()
        defer { condition.unlock() }
        return body()
    }
}
