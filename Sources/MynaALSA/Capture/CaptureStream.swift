/// What the capture thread needs of an open capture PCM: `ALSAPCM` in use; in tests, a scripted stand-in for the
/// failures a machine without a sound card cannot produce (an overrun needs a device whose clock runs ahead of its
/// reader, and ALSA's `null` and `file` plugins deliver only as fast as they are read; an unplugged device).
///
/// Thread-safety: as `ALSAPCM`, handed to the capture thread once and used only there.
protocol CaptureStream: AnyObject, Sendable {
    var deviceName: String { get }
    var setup: ALSAStreamSetup { get }
    /// Starts the stream (a capture stream does not run until started or read).
    func start() throws
    /// Waits up to `timeoutMilliseconds` until at least a period can be read; `.recovered` after an overrun.
    func waitUntilReady(timeoutMilliseconds: Int32) throws -> ALSAPCM.Readiness
    /// Reads up to `frameCount` interleaved frames in `setup.sampleFormat` into `buffer`; `.recovered` after an
    /// overrun, which lost the audio ALSA's buffer could not hold.
    func read(into buffer: UnsafeMutableRawPointer, frameCount: Int) throws -> ALSAPCM.Transfer
    /// Closes the stream (idempotent).
    func close()
}

extension ALSAPCM: CaptureStream {}
