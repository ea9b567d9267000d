import Foundation
import MynaCore

extension SoundFileReader {
    /// Decodes the whole file at `path` into one buffer, for commands that need all of the audio at once.
    /// - Throws: everything `init(path:)` and `readFrames(maxFrames:)` throw, and `AudioIOError` `.empty`
    ///   ("contains no audio") when the file is valid but holds no frames.
    public static func readAll(path: String) throws -> AudioBuffer {
        try SoundFileReader(path: path).readRemaining()
    }

    /// Decodes all of an in-memory file (see `init(data:name:)`); throws `.empty` when it holds no frames.
    public static func readAll(data: Data, name: String) throws -> AudioBuffer {
        try SoundFileReader(data: data, name: name).readRemaining()
    }

    /// Every frame not yet read, as one buffer.
    /// - Throws: `AudioIOError` `.empty` ("contains no audio") when there is nothing to read, and read errors.
    public func readRemaining() throws -> AudioBuffer {
        let channels = format.channelCount
        // Decode straight into an array sized from the header. A hostile header can claim billions of frames, so the
        // up-front allocation stops at 2^25 samples (128 MiB); anything beyond is appended block by block.
        let reserved = min(unreadFrameEstimate, (1 << 25) / channels)
        var samples = try [Float](unsafeUninitializedCapacity: reserved * channels) { storage, initialised in
            initialised = 0
            guard reserved > 0 else { return }
            var frames = 0
            try withLock {
                while frames < reserved {
                    let got = try readLocked(into: storage.baseAddress! + frames * channels, maxFrames: reserved - frames)
                    if got == 0 { break }
                    frames += got
                    initialised = frames * channels
                }
            }
        }
        while let block = try readFrames(maxFrames: Self.defaultBlockFrames) {
            samples.append(contentsOf: block.samples)
        }
        guard !samples.isEmpty else {
            throw AudioIOError(.empty, location: location, message: "contains no audio (0 frames)")
        }
        return AudioBuffer(format: format, samples: samples)
    }
}
