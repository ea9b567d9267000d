import Foundation

/// Carries captured audio from the capture thread (the producer, which may block) to `ALSACaptureDevice.read` (the
/// consumer, which awaits), through a bounded `SampleRing` of whole frames. It also keeps the device's counters.
///
/// It is also the reader's watchdog over the capture thread (`watchDeviceCalls`): a thread stuck inside an ALSA call
/// cannot report its own failure, and `stop()` cannot reach it, so the reader ends with a failure instead of waiting
/// forever.
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
    /// The watchdog (see `watchDeviceCalls`): how long one ALSA call may take, and the failure when it takes longer.
    private var callLimit: Duration?
    private var callFailure: (any Error)?
    /// When the capture thread entered the ALSA call it is in, if it is in one. SuspendingClock: the time the machine
    /// sleeps is not a stall.
    private var callStarted: SuspendingClock.Instant?
    private var wakeUpScheduled = false

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
        // Audio from a call that returned after the watchdog ended the queue comes after the failure: dropped.
        if ended { return }
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
        endLocked(failure: failure)
    }

    /// Runs `call`, one blocking ALSA call of the capture thread, under the watchdog.
    func deviceCall<Result>(_ call: () throws -> Result) rethrows -> Result {
        locked { callStarted = .now }
        defer { locked { callStarted = nil } }
        return try call()
    }

    /// Arms the watchdog: once the capture thread has been inside one `deviceCall` for `limit`, the reader gets what
    /// is queued, then `failure`, as if the thread had ended with it, and the thread is asked to stop (it closes the
    /// device if the call ever returns). For a plugin that blocks inside `snd_pcm_readi` when its source stalls
    /// (the `file` plugin on a pipe nobody writes): the capture thread's own stall check never runs then.
    func watchDeviceCalls(limit: Duration, failure: any Error) {
        locked {
            callLimit = limit
            callFailure = failure
        }
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
        if let limit = callLimit, let started = callStarted, started.duration(to: .now) >= limit {
            // The thread may never come back: it is asked to stop, and never to wait for room, if it does.
            stopRequested = true
            abandoned = true
            endLocked(failure: callFailure)
            if let failure { throw failure }
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
                    scheduleWatchdogWakeUpLocked()
                }
            }
        } onCancel: {
            condition.lock()
            defer { condition.unlock() }
            resumeReaderLocked()
        }
        try Task.checkCancellation()
    }

    /// The first failure wins: the thread's own end after the watchdog's changes nothing. Caller holds the lock.
    private func endLocked(failure: (any Error)?) {
        guard !ended else { return }
        ended = true
        self.failure = failure
        resumeReaderLocked()
        condition.broadcast()
    }

    /// Wakes the waiting reader when the call in progress (or one starting now) reaches the watchdog's limit, so it
    /// looks again (`take`); one wake-up pending at a time. Caller holds the lock.
    private func scheduleWatchdogWakeUpLocked() {
        guard let limit = callLimit, !wakeUpScheduled else { return }
        wakeUpScheduled = true
        let delay = max(.zero, limit - (callStarted?.duration(to: .now) ?? .zero))
        let (seconds, attoseconds) = delay.components
        // A millisecond late, so that the limit has passed when the reader looks.
        let nanoseconds = Int(seconds) * 1_000_000_000 + Int(attoseconds / 1_000_000_000) + 1_000_000
        DispatchQueue.global().asyncAfter(deadline: .now() + .nanoseconds(nanoseconds)) { [self] in
            condition.lock()
            defer { condition.unlock() }
            wakeUpScheduled = false
            resumeReaderLocked()
        }
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
