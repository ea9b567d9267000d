import MynaCore

/// The playback thread's loop: take queued audio a period at a time, convert it to the device's format and write it,
/// until the input ends (then flush the resampler and drain) or a stop is requested (then drop); then close the
/// device and end the queue.
///
/// Thread-safety: created on the caller's thread, then used only by the playback thread (`@unchecked Sendable` for
/// that single hand-over).
final class PlaybackWorker: @unchecked Sendable {
    static let waitSliceMilliseconds: Int32 = 100

    private let pcm: ALSAPCM
    private let queue: PlaybackQueue
    private let adapter: FormatAdapter
    private let stallLimitMilliseconds: Int
    /// Device-format bytes waiting to be written, grown as needed.
    private var raw: UnsafeMutableRawPointer
    private var rawCapacityBytes: Int

    init(pcm: ALSAPCM, inputFormat: AudioFormat, queue: PlaybackQueue) throws {
        self.pcm = pcm
        self.queue = queue
        adapter = try FormatAdapter(from: inputFormat, to: pcm.setup.format)
        stallLimitMilliseconds = max(2_000, Int(pcm.setup.bufferDuration * 4_000))
        rawCapacityBytes = 4 * pcm.setup.periodFrameCount * pcm.setup.bytesPerFrame
        raw = .allocate(byteCount: rawCapacityBytes, alignment: 16)
    }

    deinit {
        raw.deallocate()
    }

    func run() {
        var failure: (any Error)?
        do {
            try playUntilEnd()
        } catch {
            failure = error
        }
        if failure != nil || queue.isStopRequested { pcm.drop() }
        pcm.close()
        queue.end(failure: failure)
    }

    private func playUntilEnd() throws {
        let setup = pcm.setup
        // Take about a period of input at a time: (periodFrames, inputChannels).
        let inputFrames = max(1, setup.periodFrameCount * adapter.input.sampleRate / setup.format.sampleRate)
        let input = UnsafeMutablePointer<Float>.allocate(capacity: inputFrames * adapter.input.channelCount)
        defer { input.deallocate() }
        while true {
            let frames = queue.take(maxFrames: inputFrames, into: input)
            if frames == 0 { break }
            try adapter.process(input, frameCount: frames) { try writeToDevice($0) }
        }
        guard !queue.isStopRequested else { return }
        try adapter.flush { try writeToDevice($0) }
        try pcm.drain()
    }

    /// Converts `samples` (device channels and rate, Float) to the device's sample format and writes all of them,
    /// recovering (and counting) underruns.
    private func writeToDevice(_ samples: UnsafeBufferPointer<Float>) throws {
        guard let base = samples.baseAddress, !samples.isEmpty else { return }
        let setup = pcm.setup
        let frames = samples.count / setup.format.channelCount
        let bytes = frames * setup.bytesPerFrame
        if bytes > rawCapacityBytes {
            raw.deallocate()
            raw = .allocate(byteCount: bytes, alignment: 16)
            rawCapacityBytes = bytes
        }
        SampleConversion.fromFloat(base, count: samples.count, format: setup.sampleFormat, into: raw)
        var written = 0
        var idleMilliseconds = 0
        while written < frames {
            if queue.isStopRequested { return }
            switch try pcm.waitUntilReady(timeoutMilliseconds: Self.waitSliceMilliseconds) {
            case .timedOut:
                idleMilliseconds += Int(Self.waitSliceMilliseconds)
                if idleMilliseconds >= stallLimitMilliseconds {
                    throw AudioIOError(.deviceFailure, location: pcm.deviceName, message: """
                        the device took no audio for \(idleMilliseconds / 1000) s; is it in use or disconnected?
                        """)
                }
                continue
            case .recovered:
                queue.countUnderrun()
                continue
            case .ready:
                idleMilliseconds = 0
            }
            switch try pcm.write(from: raw + written * setup.bytesPerFrame, frameCount: frames - written) {
            case .recovered:
                queue.countUnderrun()
            case .frames(let count):
                written += count
                queue.countWritten(count)
            }
        }
    }
}
