import MynaALSA
import MynaAudioFile

/// Records from a sound device into an audio file: the device runs at its nearest format and Myna converts to
/// `format`; the file is written all or nothing and appears only when `finish()` succeeds.
///
/// Thread-safety: `record` and `finish` are called by one task; `stop()` may be called from any thread (a signal
/// handler, say) and ends `record` at the next block.
public final class DeviceRecording: @unchecked Sendable {
    /// Frames asked of the device per read.
    public static let blockFrames = 4096

    /// The open device, with the format and sample format it actually runs at.
    public let device: ALSACaptureDevice
    /// Path of the file being written.
    public let path: String
    /// Format of the file.
    public let format: AudioFormat
    /// Frames written so far.
    public private(set) var frameCount = 0
    private let writer: SoundFileWriter

    /// Opens the ALSA device `device` at `format` (the reader is waited for, never dropped) and the file at `path`,
    /// with its encoding from the extension.
    /// - Throws: `AudioIOError` for an unknown extension, a device that cannot be opened or a file that cannot be.
    public init(device: String = ALSADevice.defaultName, format: AudioFormat, path: String) throws {
        let encoding = try SoundFileEncoding.forPath(path)
        self.device = try ALSACaptureDevice(device: device, format: format,
                                            options: ALSACaptureOptions(overflowPolicy: .waitForReader))
        self.path = path
        self.format = format
        writer = try SoundFileWriter(path: path, format: format, encoding: encoding)
    }

    /// Records until `frameLimit` frames were written (nil: no limit) or the device stops (`stop()`).
    public func record(frameLimit: Int?) async throws {
        while frameLimit.map({ frameCount < $0 }) ?? true {
            let blockFrames = min(Self.blockFrames, (frameLimit ?? Int.max) - frameCount)
            guard let buffer = try await device.read(maxFrames: blockFrames) else { break }
            try writer.writeFrames(buffer)
            frameCount += buffer.frameCount
        }
        device.stop()
    }

    /// Stops the device; `record` returns with what was captured so far.
    public func stop() {
        device.stop()
    }

    /// Completes the file.
    /// - Throws: `AudioIOError` `.empty` when nothing was recorded (no file is written), or a write failure.
    public func finish() throws {
        guard frameCount > 0 else {
            throw AudioIOError(.empty, location: path,
                               message: "nothing was recorded (stopped before the device delivered audio); no file written")
        }
        try writer.finishWriting()
    }

    /// Seconds recorded so far.
    public var seconds: Double { Double(frameCount) / Double(format.sampleRate) }

    /// Blocks of audio the device lost because the machine fell behind.
    public var overrunCount: Int { device.overrunCount }

    /// Frames lost in those overruns.
    public var droppedFrameCount: Int { device.droppedFrameCount }
}
