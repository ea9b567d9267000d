import Foundation
import MynaCore

/// Plays audio on an ALSA PCM device (`default`, `hw:X,Y`, `plughw:X,Y`, or any PCM the ALSA configuration names).
///
/// Opening negotiates the device's nearest rate, mono or stereo, and FLOAT_LE or S16_LE (see `ALSAPCM.negotiate`),
/// and starts a playback thread. `write` queues audio in `format` (waiting for room when the queue is full); the
/// thread maps channels, resamples (soxr) to the device's rate, converts to its sample format and blocks in
/// `snd_pcm_writei`. `finish()` waits until everything was played (`snd_pcm_drain`) and closes the device.
///
/// - Playback starts once ALSA's buffer is full (or at `finish()` for shorter audio).
/// - Underruns (the writer fell behind) and suspends are recovered with `snd_pcm_recover` and counted in
///   `underrunCount`; they are heard as gaps.
/// - `stop()` discards queued audio and closes the device at once.
///
/// Thread-safety: `write` and `finish` must not be called concurrently; `stop()` and the counters may be used from any
/// thread or task (`@unchecked Sendable`: the state shared with the playback thread lives in a locked `PlaybackQueue`).
public final class ALSAPlaybackDevice: AudioSink, @unchecked Sendable {
    /// The device name as given.
    public let deviceName: String
    /// The format `write` accepts.
    public let format: AudioFormat
    /// The rate and channel count the device agreed to.
    public var deviceFormat: AudioFormat { setup.format }
    /// The sample format the device agreed to.
    public var deviceSampleFormat: ALSASampleFormat { setup.sampleFormat }
    /// What the device agreed to.
    private let setup: ALSAStreamSetup
    public let options: ALSAPlaybackOptions

    private let queue: PlaybackQueue

    /// Opens `device` for playback of audio in `format`.
    /// - Throws: `AudioIOError` naming the device: `.deviceNotFound`, `.deviceBusy`, `.unsupportedFormat`,
    ///   `.invalidFormat` (an implausible `format`), `.deviceFailure`; `ConfigurationError` for invalid `options`.
    public init(device: String = ALSADevice.defaultName, format: AudioFormat,
                options: ALSAPlaybackOptions = .default) throws {
        try options.validate()
        let pcm = try ALSAPCM.open(device: device, direction: .playback, format: format, bufferDuration: options.deviceBufferDuration)
        let queue = PlaybackQueue(capacityFrames: ALSABufferDurations.queueCapacityFrames(queueDuration: options.queueDuration,
                                                                                            sampleRate: format.sampleRate),
                                  channelCount: format.channelCount)
        let worker = try PlaybackWorker(pcm: pcm, inputFormat: format, queue: queue)
        deviceName = device
        self.format = format
        setup = pcm.setup
        self.options = options
        self.queue = queue
        ALSABufferDurations.startDeviceThread(named: "myna-alsa-playback") { worker.run() }
    }

    deinit {
        // Released without finish(): nobody waits for the audio any more.
        queue.requestStop()
    }

    /// Queues `buffer` for playback, waiting while the queue is full.
    /// - Throws: `AudioIOError` `.invalidArgument` when `buffer.format` is not `format`; the device's failure;
    ///   `CancellationError` after `stop()` or `finish()`, or when the task is cancelled.
    public func write(_ buffer: AudioBuffer) async throws {
        guard buffer.format == format else {
            throw AudioIOError(.invalidArgument, location: deviceName,
                               message: "cannot play \(buffer.format) audio on a device opened for \(format) audio")
        }
        try await queue.push(buffer.samples)
    }

    /// Plays everything queued, waits until the device has played it, and closes the device.
    /// - Throws: the device's failure, if playback failed.
    public func finish() async throws {
        queue.endInput()
        try await queue.waitUntilDone()
    }

    /// Stops at once, discarding queued audio; `finish()` then returns without playing the rest.
    public func stop() {
        queue.requestStop()
    }

    /// Underruns and suspends recovered so far.
    public var underrunCount: Int { queue.underrunCount }
    /// Frames handed to the device so far, at `deviceFormat.sampleRate`.
    public var writtenFrameCount: Int { queue.writtenFrameCount }
}
