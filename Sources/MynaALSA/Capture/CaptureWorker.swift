import MynaCore

/// The capture thread's loop: wait for a period, read it, convert it to the caller's format and queue it, until a stop
/// is requested or the device fails; then flush the resampler, close the device and end the queue.
///
/// A device that delivers nothing for the stall limit fails: here when `snd_pcm_wait` keeps timing out, and through
/// the queue's watchdog (`CaptureQueue.watchDeviceCalls`) when an ALSA call does not return at all, which this thread
/// cannot report itself.
///
/// Thread-safety: created on the caller's thread, then used only by the capture thread (`@unchecked Sendable` for that
/// single hand-over).
final class CaptureWorker: @unchecked Sendable {
    /// How long one `snd_pcm_wait` may block before the loop looks at the stop flag again, in milliseconds.
    static let waitSliceMilliseconds: Int32 = 100

    private let pcm: any CaptureStream
    private let queue: CaptureQueue
    private let adapter: FormatAdapter
    private let policy: ALSACaptureOptions.OverflowPolicy
    /// After this long without a period from a started device, capture fails instead of hanging, in milliseconds.
    private let stallLimitMilliseconds: Int

    init(pcm: any CaptureStream, outputFormat: AudioFormat, queue: CaptureQueue,
         policy: ALSACaptureOptions.OverflowPolicy) throws {
        self.pcm = pcm
        self.queue = queue
        self.policy = policy
        adapter = try FormatAdapter(from: pcm.setup.format, to: outputFormat)
        stallLimitMilliseconds = max(2_000, Int(pcm.setup.bufferDuration * 4_000))
        queue.watchDeviceCalls(limit: .milliseconds(stallLimitMilliseconds),
                               failure: Self.stall(device: pcm.deviceName, milliseconds: stallLimitMilliseconds))
    }

    private static func stall(device: String, milliseconds: Int) -> AudioIOError {
        AudioIOError(.deviceFailure, location: device, message: """
            the device delivered no audio for \(milliseconds / 1000) s; is it in use or disconnected?
            """)
    }

    func run() {
        var failure: (any Error)?
        do {
            try captureUntilStopped()
        } catch {
            failure = error
        }
        pcm.close()
        queue.end(failure: failure)
    }

    private func captureUntilStopped() throws {
        let setup = pcm.setup
        let periodFrames = setup.periodFrameCount
        let samplesPerPeriod = periodFrames * setup.format.channelCount
        // (periodFrames, deviceChannels) in the device's sample format, then as Float.
        let raw = UnsafeMutableRawPointer.allocate(byteCount: periodFrames * setup.bytesPerFrame, alignment: 16)
        let floats = UnsafeMutablePointer<Float>.allocate(capacity: samplesPerPeriod)
        defer {
            raw.deallocate()
            floats.deallocate()
        }
        try pcm.start()
        var idleMilliseconds = 0
        while !queue.isStopRequested {
            switch try queue.deviceCall({ try pcm.waitUntilReady(timeoutMilliseconds: Self.waitSliceMilliseconds) }) {
            case .timedOut:
                idleMilliseconds += Int(Self.waitSliceMilliseconds)
                if idleMilliseconds >= stallLimitMilliseconds {
                    throw Self.stall(device: pcm.deviceName, milliseconds: idleMilliseconds)
                }
                continue
            case .recovered:
                queue.countOverrun()
                continue
            case .ready:
                idleMilliseconds = 0
            }
            switch try queue.deviceCall({ try pcm.read(into: raw, frameCount: periodFrames) }) {
            case .recovered:
                queue.countOverrun()
            case .frames(let frames) where frames > 0:
                queue.countCaptured(frames)
                SampleConversion.toFloat(raw, format: setup.sampleFormat, count: frames * setup.format.channelCount,
                                         into: floats)
                try adapter.process(floats, frameCount: frames) { queue.push($0, policy: policy) }
            case .frames:
                continue
            }
        }
        try adapter.flush { queue.push($0, policy: policy) }
    }
}
