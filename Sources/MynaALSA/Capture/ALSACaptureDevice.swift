import Foundation
import MynaCore

/// Records from an ALSA PCM device (`default`, `hw:X,Y`, `plughw:X,Y`, or any PCM the ALSA configuration names).
///
/// Opening negotiates the device's nearest rate, mono or stereo, and FLOAT_LE or S16_LE (see `ALSAPCM.negotiate`),
/// and starts a capture thread that blocks in `snd_pcm_readi`, converts each period to Float32, maps channels and
/// resamples (soxr) to `format`, and queues the result. `read(maxFrames:)` awaits audio from that queue, so a slow
/// consumer never blocks the device.
///
/// - Overruns and suspends are recovered with `snd_pcm_recover` and counted in `overrunCount` (audio is lost there).
/// - When the queue is full because the reader is too slow, `options.overflowPolicy` decides: `.dropOldest` (the
///   default) discards the oldest queued audio and counts it in `droppedFrameCount`; `.waitForReader` makes the
///   capture thread wait (and the device overrun if the reader stays behind).
/// - `stop()` ends the capture thread after the period in progress; `read` then returns what was queued, then nil.
///   Releasing the device stops it too (and closes the device even if the queue was full).
/// - A device failure (unplugged, stalled for 2 s) ends capture; `read` returns what was queued, then throws it. A
///   stall inside an ALSA call that never returns (a plugin whose source stopped, such as `file` on a pipe) fails
///   `read` the same way; the capture thread then closes the device if the call ever returns.
///
/// Thread-safety: `read` must not be called concurrently with itself; `stop()` and the counters may be used from any
/// thread or task (`@unchecked Sendable`: the state shared with the capture thread lives in a locked `CaptureQueue`).
public final class ALSACaptureDevice: AudioSource, @unchecked Sendable {
    /// The device name as given.
    public let deviceName: String
    /// The format of every buffer `read` returns: what the caller asked for.
    public let format: AudioFormat
    /// The rate and channel count the device agreed to (converted to `format` on the capture thread).
    public var deviceFormat: AudioFormat { setup.format }
    /// The sample format the device agreed to.
    public var deviceSampleFormat: ALSASampleFormat { setup.sampleFormat }
    /// Frames per ALSA period and in ALSA's buffer, at `deviceFormat.sampleRate`.
    public var devicePeriodFrameCount: Int { setup.periodFrameCount }
    public var deviceBufferFrameCount: Int { setup.bufferFrameCount }
    /// What the device agreed to.
    private let setup: ALSAStreamSetup
    public let options: ALSACaptureOptions

    /// The format captured when none is given: 16 kHz mono, what the speech models take.
    public static let defaultFormat = AudioFormat.speech16k

    private let queue: CaptureQueue

    /// Opens `device` for capture and starts capturing.
    ///
    /// - Parameters:
    ///   - device: An ALSA PCM name (`ALSADevice.defaultName` when omitted).
    ///   - format: What `read` returns (16 kHz mono when omitted, what speech models take).
    /// - Throws: `AudioIOError` naming the device: `.deviceNotFound`, `.deviceBusy`, `.unsupportedFormat`,
    ///   `.invalidFormat` (an implausible `format`), `.deviceFailure`; `ConfigurationError` for invalid `options`.
    public convenience init(device: String = ALSADevice.defaultName,
                            format: AudioFormat = ALSACaptureDevice.defaultFormat,
                            options: ALSACaptureOptions = .default) throws {
        try options.validate()
        let pcm = try ALSAPCM.open(device: device, direction: .capture, format: format, bufferDuration: options.deviceBufferDuration)
        try self.init(stream: pcm, format: format, options: options)
    }

    /// Starts capturing from an open `stream` (tests pass a scripted stand-in); `format` and `options` were checked.
    init(stream pcm: any CaptureStream, format: AudioFormat, options: ALSACaptureOptions) throws {
        let queue = CaptureQueue(capacityFrames: ALSABufferDurations.queueCapacityFrames(queueDuration: options.queueDuration,
                                                                                          sampleRate: format.sampleRate),
                                 channelCount: format.channelCount)
        let worker = try CaptureWorker(pcm: pcm, outputFormat: format, queue: queue, policy: options.overflowPolicy)
        deviceName = pcm.deviceName
        self.format = format
        setup = pcm.setup
        self.options = options
        self.queue = queue
        ALSABufferDurations.startDeviceThread(named: "myna-alsa-capture") { worker.run() }
    }

    deinit {
        queue.abandon()
    }

    /// Up to `maxFrames` frames in `format`, waiting until some are captured; nil after `stop()` once everything
    /// captured was returned.
    /// - Throws: the device's failure (after the audio captured before it), or `CancellationError`.
    public func read(maxFrames: Int) async throws -> AudioBuffer? {
        precondition(maxFrames > 0, "maxFrames must be positive")
        guard let samples = try await queue.pop(maxFrames: maxFrames) else { return nil }
        return AudioBuffer(format: format, samples: samples)
    }

    /// Ends capture: the capture thread stops after the period in progress, flushes the resampler and closes the
    /// device. Returns at once; `read` then returns the rest of the audio, then nil.
    public func stop() {
        queue.requestStop()
    }

    /// Overruns and suspends recovered so far (each lost some audio inside ALSA).
    public var overrunCount: Int { queue.overrunCount }
    /// Frames (in `format`) dropped because the reader fell behind with `.dropOldest`.
    public var droppedFrameCount: Int { queue.droppedFrameCount }
    /// Frames read from the device so far, at `deviceFormat.sampleRate`.
    public var capturedFrameCount: Int { queue.capturedFrameCount }
}
