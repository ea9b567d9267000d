import MynaALSA
import MynaAudioFile

/// Plays one audio file on a sound device: the file is opened and the device opened at the file's format (it runs
/// at its nearest format and converts), then `play()` streams the file block by block until the device has played it.
///
/// Thread-safety: one playback at a time per value; `play()` is called once.
public struct FilePlayback: Sendable {
    /// Frames read from the file and queued per write (about a quarter second at 16 kHz).
    public static let defaultBlockFrames = 4096

    /// The open file.
    public let reader: SoundFileReader
    /// The open device, with the format it actually runs at.
    public let device: ALSAPlaybackDevice

    /// Opens `path` and the ALSA device `device` at the file's format.
    /// - Throws: `AudioIOError` when the file cannot be read or the device cannot be opened.
    public init(path: String, device: String = ALSADevice.defaultName) throws {
        reader = try SoundFileReader(path: path)
        self.device = try ALSAPlaybackDevice(device: device, format: reader.format)
    }

    /// The file's duration in seconds.
    public var seconds: Double { Double(reader.frameCount) / Double(reader.format.sampleRate) }

    /// Streams the whole file to the device and returns once it has been played; returns the underruns counted
    /// (gaps because the machine fell behind).
    @discardableResult
    public func play(blockFrames: Int = defaultBlockFrames) async throws -> Int {
        while let block = try reader.readFrames(maxFrames: blockFrames) {
            try await device.write(block)
        }
        try await device.finish()
        return device.underrunCount
    }
}
